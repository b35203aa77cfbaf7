// A Helia node for PinRing's Bitswap and gateway interop tests, driven over stdin/stdout like
// libp2p-peer.mjs.
//
//   node peer/helia-peer.mjs [--listen MULTIADDR]...
//
// Helia 7 (`helia`'s createHeliaLight, `@helia/bitswap`, `@helia/unixfs`) on js-libp2p with TCP,
// Noise, yamux and identify, an in-memory block store, and no routers: content moves only between
// peers the test connects. Prints {"type":"ready","peerId":...,"addrs":[...]} once listening, then
// one {"type":"result","id":...} (or {"type":"error","id":...,"message":...}) per command:
//   {"id":1,"cmd":"add","size":N}           adds N pattern bytes (byte i = i % 251 + i / 4096)
//                                            with @helia/unixfs defaults; -> {"cid":...}
//   {"id":2,"cmd":"dial","addr":"/ip4/.../p2p/..."}
//   {"id":3,"cmd":"cat","cid":"..."}         reads a file through Bitswap; -> {"bytes","sha256"}
//   {"id":4,"cmd":"gateway-cat","cid":"...","gateway":"http://127.0.0.1:PORT"}
//                                            reads it with a second Helia whose only block broker
//                                            is the trustless-gateway one; -> {"bytes","sha256"}
//   {"id":5,"cmd":"fetch","cid":"..."}       times reading a file through Bitswap without hashing
//                                            it (the exporter asks for all leaves at once), then
//                                            hashes the local copy; -> {"bytes","seconds","sha256"}
import './polyfill.mjs'
import { createHash } from 'node:crypto'
import { createInterface } from 'node:readline'
import { trustlessGateway } from '@helia/block-brokers'
import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import { httpGatewayRouting } from '@helia/routers'
import { unixfs } from '@helia/unixfs'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { createHeliaLight } from 'helia'
import { CID } from 'multiformats/cid'

const emit = (object) => process.stdout.write(JSON.stringify(object) + '\n')
const listen = []
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--listen') listen.push(process.argv[++i])
}

function pattern (size) {
  const data = new Uint8Array(size)
  for (let i = 0; i < size; i++) data[i] = (i % 251 + Math.floor(i / 4096)) & 0xff
  return data
}

const helia = withBitswap(withLibp2pLight(createHeliaLight({
  blockstore: new MemoryBlockstore(),
  datastore: new MemoryDatastore(),
  routers: []
}), {
  addresses: { listen: listen.length > 0 ? listen : ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux({ maxReadBufferLength: 64 * 1024 * 1024 })],
  services: { identify: identify(), ping: ping() },
  // No automatic pings that drop a busy connection mid-transfer.
  connectionMonitor: { enabled: false }
}))
await helia.start()
const fs = unixfs(helia)

async function read (fsys, cid) {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of fsys.cat(CID.parse(cid), { signal: AbortSignal.timeout(600_000) })) {
    hash.update(chunk)
    bytes += chunk.length
  }
  return { bytes, sha256: hash.digest('hex') }
}

async function timedFetch (cid) {
  const started = process.hrtime.bigint()
  let bytes = 0
  for await (const chunk of fs.cat(CID.parse(cid), { signal: AbortSignal.timeout(600_000) })) {
    bytes += chunk.length
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return { bytes, seconds, sha256: (await read(fs, cid)).sha256 }
}

async function gatewayCat (cid, gateway) {
  const client = createHeliaLight({
    blockstore: new MemoryBlockstore(),
    datastore: new MemoryDatastore(),
    blockBrokers: [trustlessGateway({ allowInsecure: true, allowLocal: true })],
    routers: [httpGatewayRouting({ gateways: [gateway] })]
  })
  await client.start()
  try {
    return await read(unixfs(client), cid)
  } finally {
    await client.stop()
  }
}

const commands = {
  add: async (c) => ({ cid: (await fs.addBytes(pattern(c.size))).toString() }),
  dial: async (c) => ({ peer: (await helia.libp2p.dial(multiaddr(c.addr))).remotePeer.toString() }),
  cat: async (c) => read(fs, c.cid),
  fetch: async (c) => timedFetch(c.cid),
  'gateway-cat': async (c) => gatewayCat(c.cid, c.gateway)
}

emit({
  type: 'ready',
  peerId: helia.libp2p.peerId.toString(),
  addrs: helia.libp2p.getMultiaddrs().map((a) => a.toString())
})

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line)
  const run = commands[command.cmd]
  if (run == null) {
    emit({ type: 'error', id: command.id, message: `unknown command ${command.cmd}` })
    return
  }
  run(command).then(
    (result) => emit({ type: 'result', id: command.id, ...result }),
    (err) => emit({ type: 'error', id: command.id, message: String(err?.message ?? err) }))
}).on('close', () => { helia.stop().then(() => process.exit(0)) })
