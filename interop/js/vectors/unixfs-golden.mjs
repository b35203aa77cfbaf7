// Prints golden UnixFS import results of the js reference importer as one JSON document on
// stdout: for each fixture (described in the output itself, so the Java test can rebuild it byte
// for byte) the root CID that Helia's `@helia/unixfs` (its defaults), the js importer with kubo's
// classic settings (profile 'unixfs-v0-2015': CIDv0, dag-pb leaves, 256 KiB chunks, 174 links
// per node) or the js importer with explicit options produces. Also murmur3-x64-128 digests, the
// hash of UnixFS HAMT shards.
//
// Fixture content: file bytes are (i * mul + add) % 251 for i = 0 .. length-1; "many" expands to
// count files named prefix + zero-padded index + suffix holding the UTF-8 text "file <index>\n".
// Trees are fed to the importer depth first with names in UTF-8 byte order and each directory
// before its contents, as PinRing's importer walks a directory; names starting with a dot are
// left out, as `ipfs add -r` does without --hidden.
//
// PinRing commits the output under ring-node/src/test/resources/vectors/ and an interop test
// re-runs this script and requires exactly the committed file.
//
// Usage: node vectors/unixfs-golden.mjs > ../../ring-node/src/test/resources/vectors/js-unixfs-golden.json
import { readFileSync } from 'node:fs'
import { unixfs } from '@helia/unixfs'
import { murmur3128 } from '@multiformats/murmur3'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import last from 'it-last'

const versionOf = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url))).version
const hex = (bytes) => Buffer.from(bytes).toString('hex')
const utf8 = (text) => new TextEncoder().encode(text)
const KiB = 1024
const MiB = 1024 * KiB

function pattern ({ length, mul, add }) {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = (i * mul + add) % 251
  return out
}

// How each preset imports, with the real entry points.
async function importWith (preset, options, entries) {
  const blockstore = new MemoryBlockstore()
  if (preset === 'helia') {
    const fs = unixfs({ blockstore })
    if (entries.length === 1 && entries[0].content instanceof Uint8Array && !entries[0].path) {
      return (await fs.addBytes(entries[0].content)).toString()
    }
    return (await last(fs.addAll(entries))).cid.toString()
  }
  const settings = preset === 'kubo'
    ? { profile: 'unixfs-v0-2015' }
    : {
        cidVersion: options.cidVersion,
        rawLeaves: options.rawLeaves,
        chunker: fixedSize({ chunkSize: options.chunkSize }),
        layout: balanced({ maxChildrenPerNode: options.maxChildrenPerNode })
      }
  return (await last(importer(entries, blockstore, settings))).cid.toString()
}

// ---- single files ----

const files = [
  { preset: 'helia', length: 0 },
  { preset: 'helia', length: 1 },
  { preset: 'helia', length: MiB },
  { preset: 'helia', length: MiB + 1 },
  { preset: 'helia', length: 10 * MiB },
  { preset: 'kubo', length: 0 },
  { preset: 'kubo', length: 1 },
  { preset: 'kubo', length: 256 * KiB },
  { preset: 'kubo', length: 256 * KiB + 1 },
  { preset: 'kubo', length: MiB, mul: 1, add: 0 },
  { preset: 'kubo', length: 10 * MiB },
  { preset: 'kubo', length: 175 * 256 * KiB + 7 },
  { preset: 'custom', options: { cidVersion: 1, rawLeaves: true, chunkSize: 1000, maxChildrenPerNode: 3 }, length: 0 },
  { preset: 'custom', options: { cidVersion: 1, rawLeaves: true, chunkSize: 1000, maxChildrenPerNode: 3 }, length: 3000 },
  { preset: 'custom', options: { cidVersion: 1, rawLeaves: true, chunkSize: 1000, maxChildrenPerNode: 3 }, length: 3001 },
  { preset: 'custom', options: { cidVersion: 1, rawLeaves: true, chunkSize: 1000, maxChildrenPerNode: 3 }, length: 9000 },
  { preset: 'custom', options: { cidVersion: 1, rawLeaves: true, chunkSize: 1000, maxChildrenPerNode: 3 }, length: 27999 },
  { preset: 'custom', options: { cidVersion: 1, rawLeaves: true, chunkSize: 1000, maxChildrenPerNode: 3 }, length: 28001 },
  { preset: 'custom', options: { cidVersion: 0, rawLeaves: false, chunkSize: 512, maxChildrenPerNode: 4 }, length: 20000 },
  { preset: 'custom', options: { cidVersion: 1, rawLeaves: false, chunkSize: 512, maxChildrenPerNode: 4 }, length: 8192 },
  { preset: 'custom', options: { cidVersion: 0, rawLeaves: true, chunkSize: 4096, maxChildrenPerNode: 2 }, length: 40000 },
  { preset: 'custom', options: { cidVersion: 1, rawLeaves: true, chunkSize: 1, maxChildrenPerNode: 174 }, length: 400 }
]
const fileVectors = []
for (const file of files) {
  const spec = { length: file.length, mul: file.mul ?? 7, add: file.add ?? 3 }
  const cid = await importWith(file.preset, file.options, [{ content: pattern(spec) }])
  fileVectors.push({ preset: file.preset, ...(file.options ? { options: file.options } : {}), ...spec, cid })
}

// ---- directory trees ----

const nested = [
  { path: 'nested', dir: true },
  { path: 'nested/a.txt', file: { length: 11, mul: 1, add: 65 } },
  { path: 'nested/b.bin', file: { length: 300 * KiB, mul: 13, add: 1 } },
  { path: 'nested/sub', dir: true },
  { path: 'nested/sub/deeper', dir: true },
  { path: 'nested/sub/deeper/c', file: { length: 2 * MiB + 5, mul: 3, add: 9 } },
  { path: 'nested/sub/empty-file', file: { length: 0, mul: 1, add: 0 } },
  { path: 'nested/empty', dir: true },
  { path: 'nested/link-to-a', symlink: 'a.txt' },
  { path: 'nested/ünïcödé 水', file: { length: 5, mul: 1, add: 100 } },
  { path: 'nested/Zebra', file: { length: 1, mul: 1, add: 1 } },
  { path: 'nested/.hidden', file: { length: 4, mul: 1, add: 2 } }
]
const sharded = [
  { path: 'big', dir: true },
  { path: 'big', many: { count: 6000, prefix: 'file-', digits: 5, suffix: '.txt' } },
  { path: 'big/a-subdir', dir: true },
  { path: 'big/a-subdir/inner.txt', file: { length: 20, mul: 1, add: 50 } }
]
const shardedInside = [
  { path: 'outer', dir: true },
  { path: 'outer/readme', file: { length: 100, mul: 1, add: 40 } },
  { path: 'outer/many', dir: true },
  { path: 'outer/many', many: { count: 7000, prefix: 'entry-with-a-longer-name-', digits: 4, suffix: '' } }
]
const singleEmptyDir = [{ path: 'empty-root', dir: true }]

function expand (description) {
  const entries = []
  for (const item of description) {
    if (item.many) {
      for (let i = 0; i < item.many.count; i++) {
        const name = item.many.prefix + String(i).padStart(item.many.digits, '0') + item.many.suffix
        entries.push({ path: `${item.path}/${name}`, content: utf8(`file ${i}\n`) })
      }
    } else if (item.dir) {
      entries.push({ path: item.path, dir: true })
    } else if (item.symlink !== undefined) {
      entries.push({ path: item.path, link: item.symlink })
    } else {
      entries.push({ path: item.path, content: pattern(item.file) })
    }
  }
  return entries
}

const compareUtf8 = (a, b) => Buffer.compare(Buffer.from(utf8(a)), Buffer.from(utf8(b)))

// Depth first, directories before their contents, siblings in UTF-8 byte order; no dot-names.
function walkOrder (entries) {
  const byPath = new Map(entries.map((e) => [e.path, e]))
  const children = new Map()
  for (const e of entries) {
    const cut = e.path.lastIndexOf('/')
    const parent = cut < 0 ? '' : e.path.slice(0, cut)
    if (!children.has(parent)) children.set(parent, [])
    children.get(parent).push(e.path)
  }
  const out = []
  const visit = (path) => {
    const entry = byPath.get(path)
    const name = path.slice(path.lastIndexOf('/') + 1)
    if (name.startsWith('.')) return
    out.push(entry.dir ? { path } : entry.link !== undefined ? { path, link: entry.link } : { path, content: entry.content })
    for (const child of (children.get(path) ?? []).sort(compareUtf8)) visit(child)
  }
  for (const top of (children.get('') ?? []).sort(compareUtf8)) visit(top)
  return out
}

const withMetadata = [
  { path: 'meta', dir: true, mode: 0o700, mtime: { secs: 1600000000, nsecs: 0 } },
  { path: 'meta/file', file: { length: 2000, mul: 1, add: 7 }, mode: 0o600, mtime: { secs: 1700000000, nsecs: 5 } },
  { path: 'meta/big', file: { length: 2 * MiB + 1, mul: 5, add: 5 }, mode: 0o640, mtime: { secs: 1700000001, nsecs: 0 } },
  { path: 'meta/plain', file: { length: 3, mul: 1, add: 1 }, mode: 0o644, mtime: { secs: 1, nsecs: 999999999 } }
]

function withMetadataEntries (description) {
  const entries = walkOrder(expand(description))
  for (const entry of entries) {
    const item = description.find((d) => d.path === entry.path)
    entry.mode = item.mode
    entry.mtime = { secs: BigInt(item.mtime.secs), ...(item.mtime.nsecs ? { nsecs: item.mtime.nsecs } : {}) }
  }
  return entries
}

const trees = [
  { name: 'nested', preset: 'helia', description: nested },
  { name: 'nested', preset: 'kubo', description: nested },
  { name: 'sharded', preset: 'helia', description: sharded },
  { name: 'sharded', preset: 'kubo', description: sharded },
  { name: 'sharded-inside', preset: 'helia', description: shardedInside },
  { name: 'sharded-inside', preset: 'kubo', description: shardedInside },
  { name: 'empty-directory', preset: 'helia', description: singleEmptyDir },
  { name: 'empty-directory', preset: 'kubo', description: singleEmptyDir },
  { name: 'metadata', preset: 'helia', description: withMetadata, metadata: true }
]
const treeVectors = []
for (const tree of trees) {
  const entries = tree.metadata ? withMetadataEntries(tree.description) : walkOrder(expand(tree.description))
  const cid = await importWith(tree.preset, undefined, entries)
  treeVectors.push({ name: tree.name, preset: tree.preset, preserveMetadata: Boolean(tree.metadata), entries: tree.description, cid })
}

// ---- murmur3 ----

const murmurVectors = []
const murmurInputs = ['', 'a', 'ab', 'abc', 'hello', 'file-00001.txt', 'abcdefghijklmno', 'abcdefghijklmnop',
  'abcdefghijklmnopq', 'ünïcödé 水 😀', 'x'.repeat(100)].map(utf8)
murmurInputs.push(Uint8Array.from([...utf8('file-00001.txt'), 1]))
for (const n of [7, 8, 9, 15, 16, 17, 31, 32, 33, 64]) murmurInputs.push(pattern({ length: n, mul: 7, add: 3 }))
for (const input of murmurInputs) {
  murmurVectors.push({ input: hex(input), hash: hex((await murmur3128.digest(input)).digest) })
}

console.log(JSON.stringify({
  generator: 'interop/js/vectors/unixfs-golden.mjs',
  packages: {
    '@helia/unixfs': versionOf('@helia/unixfs'),
    'ipfs-unixfs-importer': versionOf('ipfs-unixfs-importer'),
    '@multiformats/murmur3': versionOf('@multiformats/murmur3')
  },
  files: fileVectors,
  trees: treeVectors,
  murmur3: murmurVectors
}, null, 1))
