// Prints libp2p key and peer ID vectors as computed by js-libp2p (@libp2p/crypto, @libp2p/peer-id).
// PinRing's Java tests read the committed output, and an interop test re-runs this script and
// requires the same bytes (except for ECDSA signatures, which WebCrypto randomises: those are only
// verified). Regenerate with:
//   node vectors/libp2p-keys.mjs > ../../libp2p-transport/src/test/resources/vectors/js-libp2p-keys.json
import {
  generateKeyPairFromSeed,
  privateKeyFromProtobuf,
  privateKeyFromRaw,
  privateKeyToProtobuf,
  publicKeyToProtobuf
} from '@libp2p/crypto/keys'
import { peerIdFromMultihash, peerIdFromPrivateKey } from '@libp2p/peer-id'
import { sha256 } from 'multiformats/hashes/sha2'

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const fromHex = (text) => Uint8Array.from(Buffer.from(text, 'hex'))
const message = new TextEncoder().encode('noise-libp2p-static-key:pinring')

async function vector (name, key, deterministicSignature) {
  // @libp2p/peer-id has no ECDSA peer IDs; those are derived as the spec says (sha2-256 of the
  // public key protobuf, which is longer than 42 bytes).
  const peerId = key.type === 'ECDSA'
    ? peerIdFromMultihash(await sha256.digest(publicKeyToProtobuf(key.publicKey)))
    : peerIdFromPrivateKey(key)
  return {
    name,
    type: key.type,
    privateKeyProtobuf: hex(privateKeyToProtobuf(key)),
    publicKeyProtobuf: hex(publicKeyToProtobuf(key.publicKey)),
    peerId: peerId.toString(),
    peerIdCid: peerId.toCID().toString(),
    peerIdBytes: hex(peerId.toMultihash().bytes),
    message: hex(message),
    signature: hex(await key.sign(message)),
    deterministicSignature
  }
}

const vectors = []
for (const seedByte of [0, 1, 0x42, 0xff]) {
  const seed = new Uint8Array(32).fill(seedByte)
  vectors.push(await vector(`ed25519-seed-${seedByte}`, await generateKeyPairFromSeed('Ed25519', seed), true))
}
vectors.push(await vector('secp256k1',
  privateKeyFromRaw(fromHex('1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100')), true))
// A P-256 key generated once by @libp2p/crypto and fixed here so the output is reproducible.
vectors.push(await vector('ecdsa-p256', privateKeyFromProtobuf(fromHex(
  '080312793077020101042060332899b1ef0dc3e5d57e3e56c18c23014afacb42df42f82adaf08502ee951ba00a06082a8648ce3d030107a144034200047452dca73fdf338425d51e37f7cd356530df3f324ba3c3dfb60ebdb5f0298c472bc49be0d5edd7fc66fb6ce771285cba9c51c7a415e6797ce7728b422ad688d3')), false))

process.stdout.write(JSON.stringify({ generator: 'interop/js/vectors/libp2p-keys.mjs', vectors }, null, 2) + '\n')
