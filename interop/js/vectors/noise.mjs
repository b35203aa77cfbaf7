// Prints Noise_XX_25519_ChaChaPoly_SHA256 vectors computed by js-libp2p's Noise implementation
// (@libp2p/noise, whose handshake state and crypto are used directly with fixed keys), plus a
// ChaCha20-Poly1305 vector with the inputs of RFC 8439 section 2.8.2. PinRing's Java tests replay
// the handshake with the same keys and require the same bytes; an interop test re-runs this script.
// Regenerate with:
//   node vectors/noise.mjs > ../../libp2p-transport/src/test/resources/vectors/js-noise.json
import { Uint8ArrayList } from 'uint8arraylist'
import { pureJsCrypto } from '../node_modules/@libp2p/noise/dist/src/crypto/js.js'
import { wrapCrypto } from '../node_modules/@libp2p/noise/dist/src/crypto.js'
import { XXHandshakeState } from '../node_modules/@libp2p/noise/dist/src/protocol.js'

const hex = (bytes) => Buffer.from(bytes instanceof Uint8ArrayList ? bytes.subarray() : bytes).toString('hex')
const fill = (byte) => new Uint8Array(32).fill(byte)
const text = (s) => new TextEncoder().encode(s)

function fixedCrypto (ephemeral) {
  const crypto = wrapCrypto(pureJsCrypto)
  crypto.generateKeypair = () => pureJsCrypto.generateX25519KeyPairFromSeed(ephemeral)
  return crypto
}

function handshake (name, prologue, payloads) {
  const keys = { initiatorStatic: fill(1), initiatorEphemeral: fill(2), responderStatic: fill(3), responderEphemeral: fill(4) }
  const protocolName = 'Noise_XX_25519_ChaChaPoly_SHA256'
  const initiator = new XXHandshakeState({
    crypto: fixedCrypto(keys.initiatorEphemeral),
    protocolName,
    prologue,
    initiator: true,
    s: pureJsCrypto.generateX25519KeyPairFromSeed(keys.initiatorStatic)
  })
  const responder = new XXHandshakeState({
    crypto: fixedCrypto(keys.responderEphemeral),
    protocolName,
    prologue,
    initiator: false,
    s: pureJsCrypto.generateX25519KeyPairFromSeed(keys.responderStatic)
  })
  const messageA = initiator.writeMessageA(payloads[0])
  responder.readMessageA(new Uint8ArrayList(messageA.subarray()))
  const messageB = responder.writeMessageB(payloads[1])
  initiator.readMessageB(new Uint8ArrayList(messageB.subarray()))
  const messageC = initiator.writeMessageC(payloads[2])
  responder.readMessageC(new Uint8ArrayList(messageC.subarray()))
  const [initiatorSend, initiatorReceive] = initiator.ss.split()
  const transport = []
  for (const [sender, plaintext] of [['initiator', 'ping'], ['responder', 'pong'], ['initiator', ''], ['initiator', 'third message']]) {
    const cipher = sender === 'initiator' ? initiatorSend : initiatorReceive
    transport.push({ sender, plaintext: hex(text(plaintext)), ciphertext: hex(cipher.encryptWithAd(new Uint8Array(0), text(plaintext))) })
  }
  return {
    name,
    prologue: hex(prologue),
    ...Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, hex(v)])),
    payloads: payloads.map(hex),
    messages: [hex(messageA), hex(messageB), hex(messageC)],
    handshakeHash: hex(initiator.ss.h),
    transport
  }
}

const rfc8439 = {
  key: Uint8Array.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)),
  nonce: Uint8Array.from([0x07, 0, 0, 0, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47]),
  ad: Uint8Array.from([0x50, 0x51, 0x52, 0x53, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7]),
  plaintext: text("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.")
}

const output = {
  generator: 'interop/js/vectors/noise.mjs',
  aead: [{
    name: 'rfc8439-2.8.2',
    key: hex(rfc8439.key),
    nonce: hex(rfc8439.nonce),
    ad: hex(rfc8439.ad),
    plaintext: hex(rfc8439.plaintext),
    ciphertext: hex(pureJsCrypto.chaCha20Poly1305Encrypt(rfc8439.plaintext, rfc8439.nonce, rfc8439.ad, rfc8439.key))
  }],
  handshakes: [
    handshake('empty-payloads', new Uint8Array(0), [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0)]),
    handshake('payloads-and-prologue', text('pinring prologue'), [text('a'), text('responder payload'), text('initiator payload')])
  ]
}
process.stdout.write(JSON.stringify(output, null, 2) + '\n')
