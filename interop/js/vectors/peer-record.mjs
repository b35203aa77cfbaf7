// Prints signed envelope (libp2p RFC 0002) and peer record (RFC 0003) vectors as js-libp2p's
// @libp2p/peer-record seals them: the record protobuf, the bytes the signature covers (varint-length
// prefixed domain, payload type and payload), the envelope protobuf, and js's verdict on tampered
// envelopes step by step. Ed25519 and secp256k1 signatures are deterministic, so the output is
// stable. PinRing's Java tests read the committed output, and an interop test re-runs this script and
// requires the same bytes. Regenerate with:
//   node vectors/peer-record.mjs > ../../libp2p-transport/src/test/resources/vectors/js-peer-record.json
import { generateKeyPairFromSeed, privateKeyFromRaw, privateKeyToProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { PeerRecord, RecordEnvelope } from '@libp2p/peer-record'
import { multiaddr } from '@multiformats/multiaddr'
import { check } from './peer-record-open.mjs'

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const seed = (byte) => new Uint8Array(32).fill(byte)
const varint = (n) => {
  const out = []
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n >>>= 7 }
  out.push(n)
  return out
}
// What RFC 0002 says is signed; js builds the same bytes inside RecordEnvelope.seal.
const signedBytes = (domain, payloadType, payload) => {
  const d = new TextEncoder().encode(domain)
  return Uint8Array.from([...varint(d.length), ...d, ...varint(payloadType.length), ...payloadType, ...varint(payload.length), ...payload])
}

async function sealed (name, key, seq, addresses) {
  const peerId = peerIdFromPrivateKey(key)
  const record = new PeerRecord({ peerId, seqNumber: seq, multiaddrs: addresses.map(a => multiaddr(a)) })
  const envelope = await RecordEnvelope.seal(record, key)
  return {
    name,
    keyType: key.type,
    privateKeyProtobuf: hex(privateKeyToProtobuf(key)),
    publicKeyProtobuf: hex(publicKeyToProtobuf(key.publicKey)),
    peerId: peerId.toString(),
    seq: seq.toString(),
    addresses,
    payload: hex(record.marshal()),
    signedBytes: hex(signedBytes(PeerRecord.DOMAIN, PeerRecord.CODEC, record.marshal())),
    signature: hex(envelope.signature),
    envelope: hex(envelope.marshal())
  }
}

// An envelope of anything: a record object as RecordEnvelope.seal expects one.
async function sealRaw (key, domain, codec, payload) {
  const envelope = await RecordEnvelope.seal({ domain, codec, marshal: () => payload }, key)
  return envelope.marshal()
}

const ed1 = await generateKeyPairFromSeed('Ed25519', seed(1))
const ed2 = await generateKeyPairFromSeed('Ed25519', seed(2))
const secp = privateKeyFromRaw(Uint8Array.from(Buffer.from('1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100', 'hex')))

const valid = [
  await sealed('ed25519, two addresses', ed1, 1n, ['/ip4/127.0.0.1/tcp/4001', '/ip6/::1/tcp/4002']),
  await sealed('ed25519, no address, largest seq', ed2, 18446744073709551615n, []),
  await sealed('secp256k1, millisecond seq', secp, 1700000000000n, ['/ip4/10.0.0.1/tcp/443'])
]

const recordOf = (key, seq) => new PeerRecord({ peerId: peerIdFromPrivateKey(key), seqNumber: seq, multiaddrs: [multiaddr('/ip4/127.0.0.1/tcp/1')] })
const good = Buffer.from(valid[0].envelope, 'hex')
const flip = (bytes, index) => { const copy = Uint8Array.from(bytes); copy[index] ^= 1; return copy }

const tampered = [
  { name: 'wrong domain', envelope: await sealRaw(ed1, 'libp2p-routing-state', PeerRecord.CODEC, recordOf(ed1, 5n).marshal()) },
  { name: 'wrong payload type', envelope: await sealRaw(ed1, PeerRecord.DOMAIN, Uint8Array.from([3, 2]), recordOf(ed1, 5n).marshal()) },
  { name: 'record of another peer', envelope: await sealRaw(ed1, PeerRecord.DOMAIN, PeerRecord.CODEC, recordOf(ed2, 5n).marshal()) },
  { name: 'signature bit flipped', envelope: flip(good, good.length - 1) },
  // The payload's seq varint sits just after the record's peer id; flip its lowest bit.
  { name: 'payload bit flipped', envelope: flip(good, good.indexOf(Buffer.from(valid[0].payload, 'hex')) + 2 + 38 + 1) },
  { name: 'payload not a peer record', envelope: await sealRaw(ed1, PeerRecord.DOMAIN, PeerRecord.CODEC, Uint8Array.from([0xff, 0xff])) }
]

const invalid = []
for (const t of tampered) {
  invalid.push({ name: t.name, envelope: hex(t.envelope), js: await check(hex(t.envelope)) })
}

console.log(JSON.stringify({
  domain: PeerRecord.DOMAIN,
  payloadType: hex(PeerRecord.CODEC),
  valid,
  invalid
}, null, 2))
