// Prints identify messages (libp2p/specs identify, "The Identify Message") as js-libp2p's
// @libp2p/identify encodes them, with the signedPeerRecord field (8) holding an envelope sealed by
// @libp2p/peer-record: a response as js's identify handler builds it, a push as js's identify-push
// sends it, one without a record, and one carrying a record signed by a peer other than the sender.
// Ed25519 signatures are deterministic and every seq is fixed, so the output is stable. PinRing's
// Java tests read the committed output, and an interop test re-runs this script and requires the
// same bytes. Regenerate with:
//   node vectors/identify.mjs > ../../libp2p-transport/src/test/resources/vectors/js-identify.json
import { readFileSync } from 'node:fs'
import { generateKeyPairFromSeed, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { PeerRecord, RecordEnvelope } from '@libp2p/peer-record'
import { multiaddr } from '@multiformats/multiaddr'
import { Identify } from '../node_modules/@libp2p/identify/dist/src/pb/message.js'

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const seed = (byte) => new Uint8Array(32).fill(byte)
const version = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url))).version

const sender = await generateKeyPairFromSeed('Ed25519', seed(7))
const other = await generateKeyPairFromSeed('Ed25519', seed(8))
const listen = ['/ip4/127.0.0.1/tcp/4001', '/ip6/::1/tcp/4001']

async function envelopeOf (key, seq, addresses) {
  const record = new PeerRecord({ peerId: peerIdFromPrivateKey(key), seqNumber: seq, multiaddrs: addresses.map(a => multiaddr(a)) })
  return (await RecordEnvelope.seal(record, key)).marshal()
}

function vector (name, fields, recordSigner, seq, recordAddresses) {
  const bytes = Identify.encode(fields)
  return {
    name,
    sender: peerIdFromPrivateKey(sender).toString(),
    message: hex(bytes),
    protocolVersion: fields.protocolVersion ?? null,
    agentVersion: fields.agentVersion ?? null,
    listenAddrs: (fields.listenAddrs ?? []).map(a => multiaddr(a).toString()),
    observedAddr: fields.observedAddr == null ? null : multiaddr(fields.observedAddr).toString(),
    protocols: fields.protocols ?? [],
    signedPeerRecord: fields.signedPeerRecord == null ? null : hex(fields.signedPeerRecord),
    recordSigner,
    recordSeq: seq?.toString() ?? null,
    recordAddresses: recordAddresses ?? null
  }
}

const own = await envelopeOf(sender, 1700000000000n, listen)
const pushed = await envelopeOf(sender, 1700000000001n, [...listen, '/ip4/192.0.2.7/tcp/4001'])
const foreign = await envelopeOf(other, 1700000000000n, ['/ip4/198.51.100.1/tcp/4001'])
const protocols = ['/ipfs/id/1.0.0', '/ipfs/id/push/1.0.0', '/ipfs/ping/1.0.0']
const base = {
  protocolVersion: 'ipfs/0.1.0',
  agentVersion: 'js-libp2p/3.3.11 UserAgent=v20',
  publicKey: publicKeyToProtobuf(sender.publicKey),
  listenAddrs: listen.map(a => multiaddr(a).bytes),
  observedAddr: multiaddr('/ip4/127.0.0.1/tcp/50000').bytes,
  protocols
}

const vectors = [
  vector('identify response with the sender\'s record', { ...base, signedPeerRecord: own },
    peerIdFromPrivateKey(sender).toString(), 1700000000000n, listen),
  // identify-push sends no public key and no observed address.
  vector('identify push with a newer record', {
    listenAddrs: [...listen, '/ip4/192.0.2.7/tcp/4001'].map(a => multiaddr(a).bytes),
    signedPeerRecord: pushed,
    protocols,
    agentVersion: base.agentVersion,
    protocolVersion: base.protocolVersion
  }, peerIdFromPrivateKey(sender).toString(), 1700000000001n, [...listen, '/ip4/192.0.2.7/tcp/4001']),
  vector('identify response without a record', base, null, null, null),
  vector('identify response carrying another peer\'s record', { ...base, signedPeerRecord: foreign },
    peerIdFromPrivateKey(other).toString(), 1700000000000n, ['/ip4/198.51.100.1/tcp/4001'])
]

process.stdout.write(JSON.stringify({
  generator: 'interop/js/vectors/identify.mjs',
  packages: { '@libp2p/identify': version('@libp2p/identify'), '@libp2p/peer-record': version('@libp2p/peer-record') },
  vectors
}, null, 2) + '\n')
