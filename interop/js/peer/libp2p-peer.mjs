// A js-libp2p peer for PinRing's interop tests and benchmarks, driven over stdin/stdout.
//
//   node peer/libp2p-peer.mjs [--listen MULTIADDR]... [--gossipsub]
//
// Prints one JSON object per line: {"type":"ready","peerId":...,"addrs":[...]} once listening,
// then events (connection:open, connection:close, identify) and one {"type":"result","id":...}
// per command (peerInfo reports what js's peerStore holds, signed peer record included). Commands are JSON lines on stdin, e.g. {"id":1,"cmd":"ping","addr":"/ip4/.../p2p/..."}.
// Serves /ipfs/id, /ipfs/ping, /pinring/echo/1.0.0 (echoes until the remote closes) and
// /perf/1.0.0 (written from libp2p/specs perf: there is no js perf package on npm).
// With --gossipsub it also runs @libp2p/gossipsub (js defaults, StrictSign) and prints one
// {"type":"message",...} line per received message and graft/prune events; commands subscribe,
// publish, meshPeers, topicPeers, and for the benchmark benchPublish (timestamped messages) and
// benchStats (latencies and counts of timestamped messages received since benchReset).
import './polyfill.mjs'
import { createHash, randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { gossipsub } from '@libp2p/gossipsub'
import { identify, identifyPush } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { PeerRecord, RecordEnvelope } from '@libp2p/peer-record'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'

const ECHO = '/pinring/echo/1.0.0'
const PERF = '/perf/1.0.0'
const CHUNK = 64 * 1024

// Errors, and the Events some js-libp2p promises reject with, as one line.
function describe (err) {
  if (err instanceof Event) {
    return `${err.type} event: ${err.error?.name ?? ''} ${err.error?.message ?? ''} (local: ${err.local})`
  }
  return String(err?.message ?? err)
}

function emit (object) {
  process.stdout.write(JSON.stringify(object) + '\n')
}

function args () {
  const listen = []
  let withGossipsub = false
  let pxHub = false
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--listen') listen.push(argv[++i])
    if (argv[i] === '--gossipsub') withGossipsub = true
    if (argv[i] === '--gossipsub-px-hub') pxHub = true
  }
  return { listen: listen.length > 0 ? listen : ['/ip4/127.0.0.1/tcp/0'], withGossipsub, pxHub }
}

const hex = (bytes) => Buffer.from(bytes).toString('hex')

// Benchmark messages start with this byte and a float64 epoch-millisecond send time (the same
// machine's clock in every process, read with sub-millisecond resolution).
const BENCH_MARK = 0xb7
const nowMillis = () => performance.timeOrigin + performance.now()
const bench = { latenciesMs: [], count: 0, lastMillis: 0 }

const toBytes = (data) => data.subarray ? data.subarray() : data

// Sends `total` bytes from `source(n)` with backpressure, returns the sha256 of what was sent.
async function sendAll (stream, total, source) {
  const hash = createHash('sha256')
  let sent = 0
  let closeError = null
  stream.addEventListener('close', (event) => { closeError = event.error ?? null })
  while (sent < total) {
    const chunk = source(Math.min(CHUNK, total - sent))
    hash.update(chunk)
    sent += chunk.length
    if (!stream.send(chunk)) {
      try {
        await stream.onDrain()
      } catch (err) {
        // onDrain rejects with the stream's 'close' event; report why the stream closed.
        throw new Error(`stream closed after ${sent} bytes sent: ${closeError?.name ?? ''} ${closeError?.message ?? String(err?.type ?? err)}`)
      }
    }
  }
  return hash.digest('hex')
}

// Resolves with {bytes, sha256} of everything received until the remote closes its side.
function receiveAll (stream) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    let bytes = 0
    stream.addEventListener('message', (event) => {
      const data = toBytes(event.data)
      hash.update(data)
      bytes += data.length
    })
    // 'end' also fires when this side aborts (before the 'close' carrying the error), so only
    // 'remoteCloseWrite' proves that the remote finished; settle on 'close', which comes last.
    let remoteFinished = false
    stream.addEventListener('remoteCloseWrite', () => { remoteFinished = true })
    stream.addEventListener('close', (event) => {
      if (event.error) {
        reject(new Error(`stream closed after ${bytes} bytes received with ${event.error?.name ?? event.error?.type}: ${event.error?.message ?? ''}`))
      } else if (!remoteFinished) {
        reject(new Error(`stream closed after ${bytes} bytes received without the remote closing its side`))
      } else {
        resolve({ bytes, sha256: hash.digest('hex') })
      }
    })
  })
}

function echoHandler (stream) {
  stream.addEventListener('message', (event) => {
    try {
      if (!stream.send(toBytes(event.data))) {
        stream.pause()
        stream.onDrain().then(() => stream.resume(), () => {})
      }
    } catch (err) {
      stream.abort(err)
    }
  })
  stream.addEventListener('end', () => { stream.close().catch(() => {}) })
}

function perfHandler (stream) {
  let header = new Uint8Array(0)
  stream.addEventListener('message', (event) => {
    if (header.length < 8) {
      const data = toBytes(event.data)
      const joined = new Uint8Array(header.length + data.length)
      joined.set(header)
      joined.set(data, header.length)
      header = joined.subarray(0, Math.min(8, joined.length))
    }
  })
  stream.addEventListener('end', async () => {
    try {
      const requested = Number(new DataView(header.buffer, header.byteOffset, 8).getBigUint64(0))
      const zeros = new Uint8Array(CHUNK)
      await sendAll(stream, requested, (n) => zeros.subarray(0, n))
      await stream.close()
    } catch (err) {
      stream.abort(err)
    }
  })
}

async function perfClient (node, addr, upload, download) {
  const start = process.hrtime.bigint()
  const stream = await node.dialProtocol(multiaddr(addr), PERF)
  const received = receiveAll(stream)
  const header = new Uint8Array(8)
  new DataView(header.buffer).setBigUint64(0, BigInt(download))
  stream.send(header)
  const zeros = new Uint8Array(CHUNK)
  await sendAll(stream, upload, (n) => zeros.subarray(0, n))
  await stream.close()
  const { bytes } = await received
  const timeSeconds = Number(process.hrtime.bigint() - start) / 1e9
  if (bytes !== download) throw new Error(`perf server sent ${bytes} bytes, not ${download}`)
  return { timeSeconds, uploadBytes: upload, downloadBytes: bytes }
}

async function echoClient (node, addr, bytes, streams) {
  const conn = await node.dial(multiaddr(addr))
  const results = await Promise.all(Array.from({ length: streams }, async () => {
    const stream = await conn.newStream(ECHO)
    const received = receiveAll(stream)
    const sentSha256 = await sendAll(stream, bytes, (n) => randomBytes(n))
    await stream.close()
    const echoed = await received
    return { sentSha256, receivedSha256: echoed.sha256, receivedBytes: echoed.bytes }
  }))
  return { results, allMatch: results.every(r => r.sentSha256 === r.receivedSha256 && r.receivedBytes === bytes) }
}

// What js's peerStore holds for a peer; peerRecord is the signed peer record it kept (from
// identify or identify push), opened again here: its signer, seq and addresses, and its bytes.
async function peerInfo (node, peer) {
  const info = await node.peerStore.get(peerIdFromString(peer))
  let peerRecord = null
  if (info.peerRecordEnvelope != null) {
    const envelope = RecordEnvelope.createFromProtobuf(info.peerRecordEnvelope)
    const record = PeerRecord.createFromProtobuf(envelope.payload)
    peerRecord = {
      signer: peerIdFromPublicKey(envelope.publicKey).toString(),
      peerId: record.peerId.toString(),
      seq: record.seqNumber.toString(),
      addresses: record.multiaddrs.map(a => a.toString()),
      envelopeHex: hex(info.peerRecordEnvelope)
    }
  }
  return {
    protocols: info.protocols,
    agentVersion: info.metadata.get('AgentVersion') ? new TextDecoder().decode(info.metadata.get('AgentVersion')) : null,
    addresses: info.addresses.map(a => a.multiaddr.toString()),
    certifiedAddresses: info.addresses.filter(a => a.isCertified).map(a => a.multiaddr.toString()),
    peerRecord
  }
}

// Connection setup as the benchmark measures it: a fresh connection (TCP, Noise, yamux) up to the
// first negotiated stream, then a clean close before the next one.
async function setupTime (node, addr, count) {
  const times = []
  let failures = 0
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint()
    let conn
    try {
      conn = await node.dial(multiaddr(addr), { force: true })
      const stream = await conn.newStream('/ipfs/ping/1.0.0')
      times.push(Number(process.hrtime.bigint() - start) / 1e6)
      stream.abort(new Error('done'))
    } catch (err) {
      failures++
    } finally {
      await conn?.close().catch(() => {})
    }
  }
  return { millis: times, failures }
}

const commands = {
  dial: async (node, c) => {
    const conn = await node.dial(multiaddr(c.addr))
    return { peer: conn.remotePeer.toString(), remoteAddr: conn.remoteAddr.toString() }
  },
  ping: async (node, c) => ({ rttMillis: await node.services.ping.ping(multiaddr(c.addr)) }),
  peerInfo: async (node, c) => peerInfo(node, c.peer),
  echo: async (node, c) => echoClient(node, c.addr, c.bytes, c.streams ?? 1),
  perf: async (node, c) => perfClient(node, c.addr, c.upload, c.download),
  setupTime: async (node, c) => setupTime(node, c.addr, c.count),
  connections: async (node) => ({ peers: node.getConnections().map(conn => conn.remotePeer.toString()) }),
  subscribe: async (node, c) => { node.services.pubsub.subscribe(c.topic); return {} },
  unsubscribe: async (node, c) => { node.services.pubsub.unsubscribe(c.topic); return {} },
  publish: async (node, c) => {
    const result = await node.services.pubsub.publish(c.topic, Buffer.from(c.dataHex, 'hex'))
    return { recipients: result.recipients.map(p => p.toString()) }
  },
  benchPublish: async (node, c) => {
    const start = nowMillis()
    for (let i = 0; i < c.count; i++) {
      const data = new Uint8Array(c.size)
      data[0] = BENCH_MARK
      new DataView(data.buffer).setFloat64(1, nowMillis())
      new DataView(data.buffer).setUint32(9, i)
      await node.services.pubsub.publish(c.topic, data)
      if (c.intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, c.intervalMs))
    }
    return { startMillis: start, endMillis: nowMillis() }
  },
  benchStats: async () => ({ ...bench }),
  benchReset: async () => {
    bench.latenciesMs = []
    bench.count = 0
    bench.lastMillis = 0
    return {}
  },
  meshPeers: async (node, c) => ({ peers: node.services.pubsub.getMeshPeers(c.topic) }),
  topicPeers: async (node, c) => ({ peers: node.services.pubsub.getSubscribers(c.topic).map(p => p.toString()) }),
  hangUp: async (node, c) => { await node.hangUp(peerIdFromString(c.peer)); return {} },
  stop: async (node) => { await node.stop(); setTimeout(() => process.exit(0), 10); return {} }
}

const options = args()
const services = { identify: identify(), identifyPush: identifyPush(), ping: ping({ maxOutboundStreams: 4 }) }
if (options.withGossipsub) {
  // js defaults (StrictSign, flood publishing, D=6, D_lo=4, D_hi=12); publishing with no peer yet
  // is allowed so a test's first publish does not race the mesh.
  // --gossipsub-px-hub: a mesh of one peer and peer exchange on, so every further GRAFT is
  // answered with a PRUNE carrying the signed peer records js holds for the other topic peers.
  const pxHub = options.pxHub ? { doPX: true, D: 1, Dlo: 1, Dhi: 1, Dout: 0, Dscore: 1 } : {}
  services.pubsub = gossipsub({ allowPublishToZeroTopicPeers: true, ...pxHub })
}
const node = await createLibp2p({
  addresses: { listen: options.listen },
  // The default rate limit (5 inbound connections per second per host) would refuse the
  // benchmark's back-to-back connection setups from 127.0.0.1.
  connectionManager: { inboundConnectionThreshold: 1_000_000 },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  // js-yamux grows a stream's receive window to 16 MiB but resets a paused stream whose read
  // buffer passes maxReadBufferLength (4 MiB by default), so a peer that respects the window
  // could still be reset; allow the whole window to be buffered.
  streamMuxers: [yamux({ streamOptions: { maxReadBufferLength: 32 * 1024 * 1024 } })],
  // The connection monitor pings every 10 s on the same connection; allow a test's ping beside it.
  services
})
await node.handle(ECHO, echoHandler, { maxInboundStreams: 256, maxOutboundStreams: 256 })
await node.handle(PERF, perfHandler, { maxInboundStreams: 16 })

node.addEventListener('connection:open', (e) => emit({ type: 'connection:open', peer: e.detail.remotePeer.toString(), remoteAddr: e.detail.remoteAddr.toString() }))
node.addEventListener('connection:close', (e) => emit({ type: 'connection:close', peer: e.detail.remotePeer.toString() }))
node.addEventListener('peer:identify', (e) => emit({
  type: 'identify',
  peer: e.detail.peerId.toString(),
  protocols: e.detail.protocols,
  agentVersion: e.detail.agentVersion ?? null,
  listenAddrs: e.detail.listenAddrs.map(a => a.toString()),
  observedAddr: e.detail.observedAddr?.toString() ?? null
}))

if (options.withGossipsub) {
  const pubsub = node.services.pubsub
  pubsub.addEventListener('gossipsub:message', (e) => {
    const { msg, msgId, propagationSource } = e.detail
    if (msg.data.length >= 13 && msg.data[0] === BENCH_MARK) {
      const now = nowMillis()
      const view = new DataView(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength)
      bench.latenciesMs.push(now - view.getFloat64(1))
      bench.count++
      bench.lastMillis = now
      return
    }
    emit({
      type: 'message',
      topic: msg.topic,
      signed: msg.type === 'signed',
      from: msg.type === 'signed' ? msg.from.toString() : null,
      seqno: msg.type === 'signed' ? msg.sequenceNumber.toString(16).padStart(16, '0') : null,
      dataHex: hex(msg.data),
      msgIdHex: Buffer.from(msgId, 'base64').toString('hex'),
      receivedFrom: propagationSource.toString()
    })
  })
  pubsub.addEventListener('gossipsub:graft', (e) => emit({ type: 'graft', peer: e.detail.peerId.toString(), topic: e.detail.topic, direction: e.detail.direction }))
  pubsub.addEventListener('gossipsub:prune', (e) => emit({ type: 'prune', peer: e.detail.peerId.toString(), topic: e.detail.topic, direction: e.detail.direction }))
}

process.on('uncaughtException', (err) => emit({ type: 'error', error: String(err?.stack ?? err) }))
process.on('unhandledRejection', (err) => emit({ type: 'error', error: String(err?.stack ?? err) }))

emit({ type: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(a => a.toString()) })

createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line.trim() === '') return
  let c
  try {
    c = JSON.parse(line)
    const command = commands[c.cmd]
    if (!command) throw new Error(`unknown command ${c.cmd}`)
    emit({ type: 'result', id: c.id, ok: true, ...(await command(node, c)) })
  } catch (err) {
    emit({ type: 'result', id: c?.id ?? null, ok: false, error: describe(err) })
  }
}).on('close', () => { node.stop().finally(() => process.exit(0)) })
