// Prints dag-pb and UnixFS Data test vectors produced by the js reference packages (npm
// `@ipld/dag-pb`, `ipfs-unixfs`) as one JSON document on stdout.
//
// - dagPb: a node description (links with hash/name/tsize, data in hex or null), the canonical
//   encoding that `encode(prepare(node))` writes and the node's CIDv1.
// - rejected / accepted: hand-made encodings and whether the js decoder accepts them, so the Java
//   decoder can be held to the same verdicts on hostile input.
// - unixfs: UnixFS Data fields and the bytes `new UnixFS(fields).marshal()` writes.
//
// PinRing commits the output under multiformats/src/test/resources/vectors/ and an interop test
// re-runs this script and requires exactly the committed file.
//
// Usage: node vectors/dag-pb.mjs > ../../multiformats/src/test/resources/vectors/js-dag-pb.json
import { readFileSync } from 'node:fs'
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const versionOf = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url))).version
const hex = (bytes) => Buffer.from(bytes).toString('hex')
const fromHex = (text) => Uint8Array.from(Buffer.from(text, 'hex'))
const utf8 = (text) => new TextEncoder().encode(text)
const bytes = (n) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) % 256)

const rawCid = CID.createV1(0x55, await sha256.digest(utf8('hello')))
const v0Cid = CID.createV0(await sha256.digest(utf8('dag-pb node')))
const v1PbCid = CID.createV1(0x70, await sha256.digest(utf8('another node')))

function describeNode (node) {
  return {
    links: node.Links.map((link) => {
      const out = { hash: link.Hash.toString() }
      if (link.Name !== undefined) out.name = link.Name
      if (link.Tsize !== undefined) out.tsize = link.Tsize
      return out
    }),
    data: node.Data === undefined ? null : hex(node.Data)
  }
}

const nodes = {
  'empty': { Links: [] },
  'data-empty': { Data: new Uint8Array(0), Links: [] },
  'data-only': { Data: bytes(10), Links: [] },
  'data-300': { Data: bytes(300), Links: [] },
  'one-link-hash-only': { Links: [{ Hash: v0Cid }] },
  'one-link-empty-name': { Links: [{ Hash: rawCid, Name: '', Tsize: 5 }] },
  'one-link-full': { Data: utf8('data'), Links: [{ Hash: v1PbCid, Name: 'child', Tsize: 1234567 }] },
  'tsize-zero': { Links: [{ Hash: rawCid, Tsize: 0 }] },
  'tsize-large': { Links: [{ Hash: rawCid, Tsize: 2 ** 53 - 1 }] },
  'unicode-name': { Links: [{ Hash: rawCid, Name: 'ünïcödé 水 😀', Tsize: 1 }] },
  'sorted-by-bytes': {
    Data: fromHex('0801'),
    Links: [
      { Hash: rawCid, Name: 'b', Tsize: 1 },
      { Hash: v0Cid, Name: 'a', Tsize: 2 },
      { Hash: v1PbCid, Name: 'ab', Tsize: 3 },
      { Hash: rawCid, Name: 'B', Tsize: 4 },
      { Hash: v0Cid, Name: '', Tsize: 5 },
      { Hash: v1PbCid, Name: 'é', Tsize: 6 }
    ]
  },
  'stable-equal-names': {
    Links: [
      { Hash: v1PbCid, Name: '', Tsize: 3 },
      { Hash: rawCid, Name: '', Tsize: 1 },
      { Hash: v0Cid, Name: '', Tsize: 2 }
    ]
  },
  'file-root': {
    Data: new UnixFS({ type: 'file', blockSizes: [262144n, 262144n, 10n] }).marshal(),
    Links: [
      { Hash: v0Cid, Name: '', Tsize: 262158 },
      { Hash: v0Cid, Name: '', Tsize: 262158 },
      { Hash: rawCid, Name: '', Tsize: 10 }
    ]
  }
}

const dagPbVectors = []
for (const [name, input] of Object.entries(nodes)) {
  const node = dagPb.prepare(input)
  const encoded = dagPb.encode(node)
  const cid = CID.createV1(dagPb.code, await sha256.digest(encoded))
  dagPbVectors.push({ name, input: describeNode({ Data: input.Data, Links: input.Links.map((l) => ({ ...l })) }), node: describeNode(node), hex: hex(encoded), cid: cid.toString() })
}

// Hand-made encodings: the js decoder's verdict on each.
const link = (cidBytes) => '0a' + (cidBytes.length).toString(16).padStart(2, '0') + hex(cidBytes)
const rawLink = link(rawCid.bytes)
const wrapLink = (inner) => '12' + (inner.length / 2).toString(16).padStart(2, '0') + inner
const edgeCases = {
  'zero-length': '',
  'data-first': '0a0201ff' + wrapLink(rawLink),
  'links-then-data': wrapLink(rawLink) + '0a0201ff',
  'interleaved': wrapLink(rawLink) + '0a0201ff' + wrapLink(rawLink),
  'duplicate-data': '0a01010a0102',
  'unknown-node-field': '1a0100',
  'varint-node-field': '0800',
  'link-without-hash': wrapLink('120161'),
  'link-name-before-hash': wrapLink('120161' + rawLink),
  'link-tsize-before-name': wrapLink(rawLink + '1801' + '120161'),
  'link-duplicate-hash': wrapLink(rawLink + rawLink),
  'link-duplicate-name': wrapLink(rawLink + '120161' + '120162'),
  'link-duplicate-tsize': wrapLink(rawLink + '1801' + '1802'),
  'link-unknown-field': wrapLink(rawLink + '2001'),
  'link-hash-wrong-wire-type': wrapLink('0801'),
  'link-tsize-wrong-wire-type': wrapLink(rawLink + '1a0101'),
  'link-hash-not-a-cid': wrapLink('0a03010203'),
  'truncated-data': '0a05ff',
  'truncated-link': '1205' + rawLink.slice(0, 4),
  'data-length-overflow': '0affffffffffffffffff01',
  'unsorted-links-are-kept': wrapLink(rawLink + '120162') + wrapLink(rawLink + '120161'),
  'tsize-non-minimal-varint': wrapLink(rawLink + '188100')
}
const decodeVectors = []
for (const [name, h] of Object.entries(edgeCases)) {
  let verdict
  try {
    const node = dagPb.decode(fromHex(h))
    verdict = { accepted: true, node: describeNode(node) }
  } catch (e) {
    verdict = { accepted: false }
  }
  decodeVectors.push({ name, hex: h, ...verdict })
}

const unixfsInputs = {
  'raw-empty': { type: 'raw' },
  'file-empty': { type: 'file' },
  'file-inline': { type: 'file', data: utf8('hello world') },
  'file-blocks': { type: 'file', blockSizes: [1048576n, 1048576n, 1n] },
  'file-data-and-blocks': { type: 'file', data: bytes(3), blockSizes: [7n] },
  'directory': { type: 'directory' },
  'directory-mode': { type: 'directory', mode: 0o700 },
  'file-mode': { type: 'file', mode: 0o600 },
  'file-default-mode-omitted': { type: 'file', mode: 0o644 },
  'file-mtime-seconds': { type: 'file', mtime: { secs: 1700000000n } },
  'file-mtime-nanos': { type: 'file', mtime: { secs: 1700000000n, nsecs: 123456789 } },
  'file-mtime-negative': { type: 'file', mtime: { secs: -5n } },
  'symlink': { type: 'symlink', data: utf8('../target/file.txt') },
  'hamt-shard': { type: 'hamt-sharded-directory', data: fromHex('80000001'), fanout: 256n, hashType: 0x22n },
  'metadata': { type: 'metadata' }
}
const unixfsVectors = []
for (const [name, fields] of Object.entries(unixfsInputs)) {
  const marshalled = new UnixFS(fields).marshal()
  unixfsVectors.push({
    name,
    fields: {
      type: fields.type,
      data: fields.data === undefined ? null : hex(fields.data),
      blockSizes: (fields.blockSizes ?? []).map(String),
      mode: fields.mode ?? null,
      mtime: fields.mtime === undefined ? null : { secs: String(fields.mtime.secs), nsecs: fields.mtime.nsecs ?? null },
      fanout: fields.fanout === undefined ? null : String(fields.fanout),
      hashType: fields.hashType === undefined ? null : String(fields.hashType)
    },
    hex: hex(marshalled)
  })
}

console.log(JSON.stringify({
  generator: 'interop/js/vectors/dag-pb.mjs',
  packages: {
    '@ipld/dag-pb': versionOf('@ipld/dag-pb'),
    'ipfs-unixfs': versionOf('ipfs-unixfs'),
    multiformats: versionOf('multiformats')
  },
  dagPb: dagPbVectors,
  decode: decodeVectors,
  unixfs: unixfsVectors
}, null, 1))
