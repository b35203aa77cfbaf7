// Helia-from-Helia Bitswap throughput on loopback, the js side of PinRing's exchange benchmark
// (bench module, org.pinring.bench.exchange.ExchangeComparison).
//
//   node bench/helia-bitswap.mjs [MiB] [runs]
//
// Starts a Helia peer (peer/helia-peer.mjs, its own Node process) that adds MiB of pattern bytes
// with @helia/unixfs defaults, then for each run a fresh Helia peer (empty store) that dials it and
// reads the file through Bitswap. Prints one JSON line per run,
// {"type":"run","seconds","mibps"}, then {"type":"summary","cid","bytes","bestMibps","sha256"}.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const mib = Number(process.argv[2] ?? 256)
const runs = Number(process.argv[3] ?? 3)
const size = mib * 1024 * 1024
const script = fileURLToPath(new URL('../peer/helia-peer.mjs', import.meta.url))

function startPeer () {
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] })
  const waiting = new Map()
  let ready
  const readyLine = new Promise((resolve) => { ready = resolve })
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line)
    if (message.type === 'ready') {
      ready(message)
    } else if (waiting.has(message.id)) {
      waiting.get(message.id)(message)
      waiting.delete(message.id)
    }
  })
  let nextId = 0
  const call = (cmd, fields) => new Promise((resolve, reject) => {
    const id = ++nextId
    waiting.set(id, (message) => message.type === 'result'
      ? resolve(message)
      : reject(new Error(`${cmd} failed: ${message.message}`)))
    child.stdin.write(JSON.stringify({ id, cmd, ...fields }) + '\n')
  })
  const stop = () => new Promise((resolve) => {
    child.on('exit', resolve)
    child.stdin.end()
  })
  return { readyLine, call, stop }
}

const source = startPeer()
const sourceReady = await source.readyLine
const { cid } = await source.call('add', { size })
let best = 0
let sha256
for (let run = 0; run < runs; run++) {
  const fetcher = startPeer()
  await fetcher.readyLine
  await fetcher.call('dial', { addr: sourceReady.addrs[0] })
  const result = await fetcher.call('fetch', { cid })
  await fetcher.stop()
  if (result.bytes !== size) throw new Error(`fetched ${result.bytes} bytes, expected ${size}`)
  sha256 = result.sha256
  const mibps = mib / result.seconds
  best = Math.max(best, mibps)
  console.log(JSON.stringify({ type: 'run', seconds: result.seconds, mibps }))
}
await source.stop()
console.log(JSON.stringify({ type: 'summary', cid, bytes: size, bestMibps: best, sha256 }))
