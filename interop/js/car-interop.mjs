// CAR interop with the js reference packages (npm `@ipld/car`, Helia's `@helia/unixfs`,
// `ipfs-unixfs-exporter`), driven by PinRing's CarInteropTest.
//
//   node car-interop.mjs read FILE
//     Reads a CAR written by PinRing with @ipld/car's CarReader, checks every block against its
//     CID, reads the first root's file through ipfs-unixfs-exporter, and prints JSON: roots, block
//     CIDs in order, and the file's length and SHA-256.
//
//   node car-interop.mjs write FILE LENGTH
//     Imports LENGTH bytes of the golden pattern ((i * 7 + 3) % 251) with Helia's defaults and
//     writes every block of the DAG into a CAR with @ipld/car's CarWriter; prints JSON: root,
//     block count, and the content's SHA-256.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CarReader, CarWriter } from '@ipld/car'
import * as dagPb from '@ipld/dag-pb'
import { unixfs } from '@helia/unixfs'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { exporter } from 'ipfs-unixfs-exporter'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const [command, file, lengthText] = process.argv.slice(2)

async function bytesOf (value) {
  if (value instanceof Uint8Array) return value
  const parts = []
  for await (const part of value) parts.push(part)
  return Buffer.concat(parts)
}

if (command === 'read') {
  const reader = await CarReader.fromIterable(createReadStream(file))
  const roots = (await reader.getRoots()).map(String)
  const blocks = []
  const store = new MemoryBlockstore()
  for await (const { cid, bytes } of reader.blocks()) {
    const digest = await sha256.digest(bytes)
    if (Buffer.compare(Buffer.from(digest.digest), Buffer.from(cid.multihash.digest)) !== 0) {
      throw new Error(`block ${cid} does not match its CID`)
    }
    blocks.push(cid.toString())
    await store.put(cid, bytes)
  }
  const entry = await exporter(CID.parse(roots[0]), store)
  const hash = createHash('sha256')
  let length = 0
  for await (const chunk of entry.content()) {
    hash.update(chunk)
    length += chunk.length
  }
  console.log(JSON.stringify({ roots, blocks, length, sha256: hash.digest('hex') }))
} else if (command === 'write') {
  const length = Number(lengthText)
  const content = new Uint8Array(length)
  for (let i = 0; i < length; i++) content[i] = (i * 7 + 3) % 251
  const store = new MemoryBlockstore()
  const root = await unixfs({ blockstore: store }).addBytes(content)
  const { writer, out } = CarWriter.create([root])
  const written = pipeline(Readable.from(out), createWriteStream(file))
  // Depth first from the root, so the CAR holds exactly the DAG's blocks.
  const seen = new Set()
  let count = 0
  async function visit (cid) {
    if (seen.has(cid.toString())) return
    seen.add(cid.toString())
    const bytes = await bytesOf(store.get(cid))
    await writer.put({ cid, bytes })
    count++
    if (cid.code === dagPb.code) {
      for (const link of dagPb.decode(bytes).Links) await visit(link.Hash)
    }
  }
  await visit(root)
  await writer.close()
  await written
  console.log(JSON.stringify({
    root: root.toString(),
    blocks: count,
    sha256: createHash('sha256').update(content).digest('hex')
  }))
} else {
  console.error('usage: node car-interop.mjs read FILE | write FILE LENGTH')
  process.exit(2)
}
