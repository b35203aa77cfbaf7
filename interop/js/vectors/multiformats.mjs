// Prints multiformats test vectors computed by the js reference libraries (npm `multiformats`,
// `@multiformats/multiaddr`, `@multiformats/blake2`) as one JSON document on stdout.
//
// PinRing commits the output under multiformats/src/test/resources/vectors/ and its tests check
// both that the Java code agrees with every vector and that this script, run again with the
// pinned packages, still prints exactly the committed file.
//
// Usage: node vectors/multiformats.mjs > ../../multiformats/src/test/resources/vectors/js-multiformats.json
import { readFileSync } from 'node:fs'
import { bases } from 'multiformats/basics'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { identity } from 'multiformats/hashes/identity'
import { blake2b256 } from '@multiformats/blake2/blake2b'
import { multiaddr } from '@multiformats/multiaddr'

// Read from node_modules directly: some packages do not export their package.json.
const versionOf = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url))).version

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const utf8 = (text) => new TextEncoder().encode(text)

// Deterministic pseudo-random bytes (a 32-bit LCG), so the vectors never change between runs.
function bytesOf (length, seed) {
  const out = new Uint8Array(length)
  let state = seed >>> 0
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    out[i] = state >>> 24
  }
  return out
}

const inputs = [
  new Uint8Array(0),
  new Uint8Array([0]),
  new Uint8Array([0, 0, 0]),
  new Uint8Array([0, 0, 1, 2]),
  new Uint8Array([255]),
  new Uint8Array([255, 255, 255, 255, 255, 255, 255]),
  utf8('f'), utf8('fo'), utf8('foo'), utf8('foob'), utf8('fooba'), utf8('foobar'),
  utf8('yes mani !'),
  utf8('Decentralize everything!!'),
  bytesOf(1, 1), bytesOf(2, 2), bytesOf(3, 3), bytesOf(5, 5), bytesOf(31, 31),
  bytesOf(32, 32), bytesOf(33, 33), bytesOf(64, 64), bytesOf(100, 100), bytesOf(257, 257)
]

const multibase = []
for (const [name, codec] of Object.entries(bases)) {
  if (name === 'base256emoji') continue // not supported by PinRing
  for (const input of inputs) {
    let text
    try {
      text = codec.encode(input)
    } catch (e) {
      continue // identity cannot carry bytes that are not UTF-8
    }
    if (name === 'identity') {
      // js maps bytes to text with TextDecoder, which substitutes U+FFFD for malformed UTF-8;
      // such strings do not round-trip, so they are not vectors.
      if (hex(utf8(text.slice(1))) !== hex(input)) continue
    }
    multibase.push({ base: name, hex: hex(input), text })
  }
}

const hashers = { 'sha2-256': sha256, 'sha2-512': sha512, 'blake2b-256': blake2b256 }
const multihash = []
for (const input of inputs) {
  for (const [name, hasher] of Object.entries(hashers)) {
    const digest = await hasher.digest(input)
    multihash.push({ algorithm: name, inputHex: hex(input), multihashHex: hex(digest.bytes) })
  }
  if (input.length <= 128) {
    multihash.push({ algorithm: 'identity', inputHex: hex(input), multihashHex: hex(identity.digest(input).bytes) })
  }
}

const cid = []
const codecs = { raw: 0x55, 'dag-pb': 0x70, 'dag-cbor': 0x71, 'libp2p-key': 0x72, 'dag-json': 0x0129 }
for (const input of inputs.slice(0, 14)) {
  const sha = await sha256.digest(input)
  for (const [codecName, code] of Object.entries(codecs)) {
    const v1 = CID.createV1(code, sha)
    cid.push({
      text: v1.toString(),
      version: 1,
      codec: codecName,
      multihashHex: hex(v1.multihash.bytes),
      bytesHex: hex(v1.bytes),
      base36: v1.toString(bases.base36),
      base58btc: v1.toString(bases.base58btc)
    })
  }
  const v0 = CID.createV0(sha)
  cid.push({
    text: v0.toString(),
    version: 0,
    codec: 'dag-pb',
    multihashHex: hex(v0.multihash.bytes),
    bytesHex: hex(v0.bytes),
    v1: v0.toV1().toString()
  })
  const blake = await blake2b256.digest(input)
  const b = CID.createV1(0x71, blake)
  cid.push({ text: b.toString(), version: 1, codec: 'dag-cbor', multihashHex: hex(b.multihash.bytes), bytesHex: hex(b.bytes) })
  const id = CID.createV1(0x55, identity.digest(input))
  cid.push({ text: id.toString(), version: 1, codec: 'raw', multihashHex: hex(id.multihash.bytes), bytesHex: hex(id.bytes) })
}
// A truncated digest and an unlisted hash function, carried faithfully.
const truncated = Digest.create(0x12, (await sha256.digest(utf8('truncated'))).digest.slice(0, 20))
const t = CID.createV1(0x55, truncated)
cid.push({ text: t.toString(), version: 1, codec: 'raw', multihashHex: hex(t.multihash.bytes), bytesHex: hex(t.bytes) })
const unlisted = Digest.create(0x1e, bytesOf(32, 7))
const u = CID.createV1(0x71, unlisted)
cid.push({ text: u.toString(), version: 1, codec: 'dag-cbor', multihashHex: hex(u.multihash.bytes), bytesHex: hex(u.bytes) })

const peer = '12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA'
const peerV0 = 'QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC'
const addresses = [
  '/ip4/0.0.0.0',
  '/ip4/127.0.0.1/tcp/4001',
  '/ip4/192.0.2.42/tcp/443',
  '/ip4/255.255.255.255/udp/65535',
  '/ip4/1.2.3.4/tcp/0',
  '/ip6/::',
  '/ip6/::1/tcp/4001',
  '/ip6/2001:db8::1/tcp/4001',
  '/ip6/2001:db8:0:0:1:0:0:1/udp/1234/quic-v1',
  '/ip6/fe80::1:2:3:4/tcp/80',
  '/ip6/2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF/tcp/1',
  '/ip6/1::/tcp/1',
  '/ip6/::ffff:127.0.0.1/tcp/1',
  '/ip6/::1.2.3.4',
  '/ip6/1:0:0:1:0:0:0:1',
  '/ip6/0:0:1:0:0:1:0:0',
  '/ip6zone/x/ip6/fe80::1',
  '/ip4/1.2.3.4/ipcidr/24',
  '/dns/example.com/tcp/443/wss',
  '/dns4/bootstrap.libp2p.io/tcp/443/tls/ws',
  '/dns6/localhost/tcp/80/http',
  '/dnsaddr/bootstrap.libp2p.io',
  '/dnsaddr/bootstrap.libp2p.io/p2p/' + peerV0,
  '/ip4/127.0.0.1/tcp/4001/p2p/' + peer,
  '/ip4/127.0.0.1/tcp/4001/ipfs/' + peer,
  '/p2p/' + peer,
  '/p2p/' + peerV0,
  '/ip4/1.2.3.4/udp/4001/quic-v1/p2p/' + peer,
  '/ip4/1.2.3.4/udp/4001/quic',
  '/ip4/1.2.3.4/tcp/4001/p2p/' + peer + '/p2p-circuit/p2p/' + peerV0,
  '/ip4/1.2.3.4/tcp/4001/ws',
  '/ip4/1.2.3.4/tcp/4001/noise',
  '/ip4/1.2.3.4/udp/4001/webrtc-direct',
  '/ip4/1.2.3.4/udp/4001/quic-v1/webtransport/certhash/uEiAkH5a4DPGKUuOBjYw0CgwjvcJCJMD2K_1aluKR_tpevQ',
  '/ip4/1.2.3.4/tcp/80/tls/sni/example.com/ws',
  '/ip4/1.2.3.4/sctp/5000',
  '/ip4/1.2.3.4/dccp/5000',
  '/memory/test-node'
]
const multiaddrs = addresses.map((text) => {
  const ma = multiaddr(text)
  return { text, canonical: ma.toString(), hex: hex(ma.bytes) }
})

console.log(JSON.stringify({
  generator: 'interop/js/vectors/multiformats.mjs',
  packages: {
    multiformats: versionOf('multiformats'),
    '@multiformats/multiaddr': versionOf('@multiformats/multiaddr'),
    '@multiformats/blake2': versionOf('@multiformats/blake2')
  },
  multibase,
  multihash,
  cid,
  multiaddr: multiaddrs
}, null, 1))
