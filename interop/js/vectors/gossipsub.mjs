// Prints gossipsub vectors as computed by js-libp2p's @libp2p/gossipsub: RPC protobuf encodings,
// signed messages (signature over "libp2p-pubsub:" + the Message without signature and key) with
// the message ids js computes for StrictSign (key protobuf + seqno) and StrictNoSign (sha-256 of the
// data), and js's verdict on tampered messages. PinRing's Java tests read the committed output, and
// an interop test re-runs this script and requires the same bytes. Regenerate with:
//   node vectors/gossipsub.mjs > ../../libp2p-transport/src/test/resources/vectors/js-gossipsub.json
import { generateKeyPairFromSeed, privateKeyFromRaw, privateKeyToProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { StrictNoSign, StrictSign } from '@libp2p/gossipsub'
import { RPC } from '../node_modules/@libp2p/gossipsub/dist/src/message/rpc.js'
import { msgIdFnStrictNoSign, msgIdFnStrictSign } from '../node_modules/@libp2p/gossipsub/dist/src/utils/msgIdFn.js'
import { validateToRawMessage } from '../node_modules/@libp2p/gossipsub/dist/src/utils/buildRawMessage.js'

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const utf8 = (text) => new TextEncoder().encode(text)
const seed = (byte) => new Uint8Array(32).fill(byte)

// RPCs of every field, encoded by js's protons codec (field order and omission of absent fields).
const rpcs = [
  { name: 'empty', rpc: {} },
  { name: 'subscriptions', rpc: { subscriptions: [{ subscribe: true, topic: 'a' }, { subscribe: false, topic: '/pinring/ring/heads' }] } },
  {
    name: 'unsigned message',
    rpc: { messages: [{ data: utf8('hello'), topic: 't' }] }
  },
  {
    name: 'message with every field',
    rpc: { messages: [{ from: new Uint8Array([0, 1, 2]), data: new Uint8Array([9]), seqno: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 7]), topic: 'x', signature: new Uint8Array([5, 5]), key: new Uint8Array([8]) }] }
  },
  {
    name: 'control',
    rpc: {
      control: {
        ihave: [{ topicID: 't', messageIDs: [new Uint8Array([1, 2]), new Uint8Array([3])] }],
        iwant: [{ messageIDs: [new Uint8Array([4])] }],
        graft: [{ topicID: 'g' }],
        prune: [{ topicID: 'p', peers: [{ peerID: new Uint8Array([0, 36, 8, 1]) }], backoff: 60 }],
        idontwant: []
      }
    }
  },
  {
    name: 'prune with large backoff and signed peer record',
    rpc: { control: { ihave: [], iwant: [], graft: [], prune: [{ topicID: 'p', peers: [{ peerID: new Uint8Array([1]), signedPeerRecord: new Uint8Array([2, 3]) }], backoff: 4294967296 }], idontwant: [] } }
  },
  {
    name: 'everything',
    rpc: {
      subscriptions: [{ subscribe: true, topic: 'all' }],
      messages: [{ data: new Uint8Array(300).fill(0xab), topic: 'all' }, { data: new Uint8Array(0), topic: 'all' }],
      control: { ihave: [], iwant: [], graft: [{ topicID: 'all' }], prune: [], idontwant: [] }
    }
  }
]

function describeRpc (rpc) {
  const list = (xs) => xs ?? []
  return {
    subscriptions: list(rpc.subscriptions).map(s => ({ subscribe: s.subscribe ?? null, topic: s.topic ?? null })),
    messages: list(rpc.messages).map(m => ({
      from: m.from == null ? null : hex(m.from),
      data: m.data == null ? null : hex(m.data),
      seqno: m.seqno == null ? null : hex(m.seqno),
      topic: m.topic,
      signature: m.signature == null ? null : hex(m.signature),
      key: m.key == null ? null : hex(m.key)
    })),
    control: rpc.control == null
      ? null
      : {
          ihave: list(rpc.control.ihave).map(i => ({ topic: i.topicID ?? null, ids: list(i.messageIDs).map(hex) })),
          iwant: list(rpc.control.iwant).map(i => ({ ids: list(i.messageIDs).map(hex) })),
          graft: list(rpc.control.graft).map(g => ({ topic: g.topicID ?? null })),
          prune: list(rpc.control.prune).map(p => ({
            topic: p.topicID ?? null,
            peers: list(p.peers).map(x => ({ peerId: x.peerID == null ? null : hex(x.peerID), signedPeerRecord: x.signedPeerRecord == null ? null : hex(x.signedPeerRecord) })),
            backoff: p.backoff ?? null
          }))
        }
  }
}

// A message signed as js's buildRawMessage signs it, with a fixed seqno (js draws it from a clock).
async function signed (name, key, topic, data, seqno) {
  const from = peerIdFromPrivateKey(key)
  const raw = { from: from.toMultihash().bytes, data, seqno, topic, signature: undefined, key: undefined }
  const signedBytes = new Uint8Array([...utf8('libp2p-pubsub:'), ...RPC.Message.encode(raw)])
  raw.signature = await key.sign(signedBytes)
  raw.key = publicKeyToProtobuf(key.publicKey)
  const verdict = await validateToRawMessage(StrictSign, raw)
  if (!verdict.valid) throw new Error(`js rejects its own message ${name}: ${verdict.error}`)
  const withoutKey = { ...raw, key: undefined }
  const withoutKeyVerdict = await validateToRawMessage(StrictSign, withoutKey)
  const tampered = { ...raw, data: new Uint8Array([...data, 1]) }
  const tamperedVerdict = await validateToRawMessage(StrictSign, tampered)
  return {
    name,
    privateKeyProtobuf: hex(privateKeyToProtobuf(key)),
    from: from.toString(),
    topic,
    data: hex(data),
    seqno: hex(seqno),
    signedBytes: hex(signedBytes),
    message: hex(RPC.Message.encode(raw)),
    messageId: hex(msgIdFnStrictSign(verdict.message)),
    validWithoutKey: withoutKeyVerdict.valid,
    tamperedDataError: tamperedVerdict.valid ? null : tamperedVerdict.error
  }
}

const ed = await generateKeyPairFromSeed('Ed25519', seed(1))
const ed2 = await generateKeyPairFromSeed('Ed25519', seed(2))
const secp = privateKeyFromRaw(Uint8Array.from(Buffer.from('1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100', 'hex')))
const seqno = (n) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, n); return b }

const signedMessages = [
  await signed('ed25519 short', ed, '/pinring/test/heads', utf8('head bafy'), seqno(1n)),
  await signed('ed25519 empty data', ed2, 't', new Uint8Array(0), seqno(0x1844674407370955n)),
  await signed('ed25519 1 KiB', ed, 'bench', new Uint8Array(1024).map((_, i) => i & 0xff), seqno(0xffffffffffffffffn)),
  await signed('secp256k1', secp, 't', utf8('from a secp256k1 peer'), seqno(42n))
]

const unsignedIds = []
for (const data of [new Uint8Array(0), utf8('hello'), new Uint8Array(1000).fill(7)]) {
  const id = await msgIdFnStrictNoSign({ type: 'unsigned', topic: 't', data })
  const noSignVerdict = await validateToRawMessage(StrictNoSign, { data, topic: 't' })
  unsignedIds.push({ data: hex(data), messageId: hex(id), valid: noSignVerdict.valid })
}

console.log(JSON.stringify({
  generator: 'interop/js/vectors/gossipsub.mjs',
  rpcs: rpcs.map(({ name, rpc }) => ({ name, encoded: hex(RPC.encode(rpc)), decoded: describeRpc(RPC.decode(RPC.encode(rpc))) })),
  signedMessages,
  unsignedIds
}, null, 2))
