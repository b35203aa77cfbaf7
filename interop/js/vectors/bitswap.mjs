// Prints Bitswap message test vectors encoded by Helia's Bitswap (npm `@helia/bitswap`, its
// protons-generated `BitswapMessage` codec, which is what Helia puts on the wire) as one JSON
// document on stdout.
//
// Each vector has the message's fields (CIDs as strings, bytes in hex, enums by name), the bytes
// `BitswapMessage.encode` writes, and `canonical`: true when the message sets no field to its
// default value, so PinRing's encoder (which omits defaults, as go's does) must write the same
// bytes; false when defaults are written explicitly (decoding must still agree). Block payloads
// also carry the CID that hashing their data under their prefix gives.
//
// PinRing commits the output under ring-node/src/test/resources/vectors/ and an interop test
// re-runs this script and requires exactly the committed file.
//
// Usage: node vectors/bitswap.mjs > ../../ring-node/src/test/resources/vectors/js-bitswap.json
import { readFileSync } from 'node:fs'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { identity } from 'multiformats/hashes/identity'
// @helia/bitswap exports only its entry point; its message codec is imported by file.
import { BitswapMessage, WantType, BlockPresenceType } from '../node_modules/@helia/bitswap/dist/src/pb/message.js'
import { cidToPrefix } from '../node_modules/@helia/bitswap/dist/src/utils/cid-prefix.js'

const versionOf = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url))).version
const hex = (bytes) => Buffer.from(bytes).toString('hex')
const utf8 = (text) => new TextEncoder().encode(text)
const bytes = (n, seed) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256)

async function block (code, version, data) {
  const digest = await sha256.digest(data)
  const cid = version === 0 ? CID.createV0(digest) : CID.createV1(code, digest)
  return { cid, data }
}

const raw = await block(0x55, 1, utf8('hello bitswap'))
const pb = await block(0x70, 0, Uint8Array.from([0x0a, 0x02, 0x08, 0x01]))
const cbor = await block(0x71, 1, Uint8Array.from([0xa1, 0x61, 0x61, 0x01]))
const empty = await block(0x55, 1, new Uint8Array(0))
const big = await block(0x55, 1, bytes(5000, 7))
const inline = CID.createV1(0x55, identity.digest(utf8('inline')))

function describeEntry (entry) {
  return {
    cid: CID.decode(entry.cid).toString(),
    priority: entry.priority ?? 0,
    cancel: entry.cancel ?? false,
    wantType: entry.wantType === WantType.WantHave ? 'HAVE' : 'BLOCK',
    sendDontHave: entry.sendDontHave ?? false
  }
}

function describe (message) {
  return {
    wantlist: message.wantlist == null
      ? null
      : { entries: message.wantlist.entries.map(describeEntry), full: message.wantlist.full ?? false },
    blocks: message.blocks.map((b) => ({ prefix: hex(b.prefix), data: hex(b.data) })),
    presences: message.blockPresences.map((p) => ({
      cid: CID.decode(p.cid).toString(),
      type: p.type === BlockPresenceType.DoNotHaveBlock ? 'DONT_HAVE' : 'HAVE'
    })),
    pendingBytes: message.pendingBytes ?? 0
  }
}

const payload = (b) => ({ prefix: cidToPrefix(b.cid), data: b.data })
const cases = [
  ['empty message', { blocks: [], blockPresences: [] }, true],
  ['want-block entries with priorities', {
    wantlist: {
      entries: [
        { cid: raw.cid.bytes, priority: 1, sendDontHave: true },
        { cid: pb.cid.bytes, priority: 2147483647 },
        { cid: cbor.cid.bytes, priority: -5, sendDontHave: true }
      ]
    },
    blocks: [],
    blockPresences: []
  }, true],
  ['full wantlist of want-have entries', {
    wantlist: {
      entries: [
        { cid: raw.cid.bytes, priority: 10, wantType: WantType.WantHave, sendDontHave: true },
        { cid: inline.bytes, priority: 3, wantType: WantType.WantHave }
      ],
      full: true
    },
    blocks: [],
    blockPresences: []
  }, true],
  ['cancels', {
    wantlist: { entries: [{ cid: raw.cid.bytes, cancel: true }, { cid: pb.cid.bytes, cancel: true }] },
    blocks: [],
    blockPresences: []
  }, true],
  ['blocks with prefixes', {
    blocks: [payload(raw), payload(pb), payload(cbor), payload(big)],
    blockPresences: []
  }, true],
  ['empty block', { blocks: [payload(empty)], blockPresences: [] }, true],
  ['presences', {
    blocks: [],
    blockPresences: [
      { cid: raw.cid.bytes, type: BlockPresenceType.DoNotHaveBlock },
      { cid: pb.cid.bytes, type: BlockPresenceType.DoNotHaveBlock }
    ]
  }, true],
  ['pending bytes', { blocks: [], blockPresences: [], pendingBytes: 123456 }, true],
  ['negative pending bytes', { blocks: [], blockPresences: [], pendingBytes: -1 }, true],
  ['everything at once', {
    wantlist: {
      entries: [
        { cid: cbor.cid.bytes, priority: 7, wantType: WantType.WantHave, sendDontHave: true },
        { cid: big.cid.bytes, cancel: true }
      ]
    },
    blocks: [payload(raw)],
    blockPresences: [{ cid: pb.cid.bytes, type: BlockPresenceType.DoNotHaveBlock }],
    pendingBytes: 4096
  }, true],
  ['defaults written explicitly', {
    wantlist: {
      entries: [{ cid: raw.cid.bytes, priority: 0, cancel: false, wantType: WantType.WantBlock, sendDontHave: false }],
      full: false
    },
    blocks: [],
    blockPresences: [{ cid: pb.cid.bytes, type: BlockPresenceType.HaveBlock }]
  }, false]
]

const vectors = []
for (const [name, message, canonical] of cases) {
  const encoded = BitswapMessage.encode(message)
  const decoded = BitswapMessage.decode(encoded)
  const blockCids = message.blocks.map((b) => [raw, pb, cbor, empty, big].find((x) => x.data === b.data).cid.toString())
  vectors.push({ name, canonical, encoded: hex(encoded), message: describe(decoded), blockCids })
}

console.log(JSON.stringify({
  generator: 'interop/js/vectors/bitswap.mjs',
  reference: `@helia/bitswap ${versionOf('@helia/bitswap')}, protons-runtime ${versionOf('protons-runtime')}`,
  vectors
}, null, 2))
