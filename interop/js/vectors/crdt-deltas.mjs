// Checks PinRing's golden CRDT delta blocks with the js reference DAG-CBOR codec (npm
// `@ipld/dag-cbor`): each NAME.cbor in the directory given as the first argument is decoded,
// re-encoded and compared byte for byte, and its CID (CIDv1, dag-cbor, sha2-256) is computed.
// Prints one JSON object: NAME -> { cid, reencodedIdentical, links }.
//
// Run by crdt's DeltaVectorsTest and SnapshotVectorsTest (tagged interop). Manual use:
//   node vectors/crdt-deltas.mjs ../../crdt/src/test/resources/vectors/deltas
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const directory = process.argv[2]
if (!directory) {
  console.error('usage: node vectors/crdt-deltas.mjs DIRECTORY')
  process.exit(2)
}

// Counts the links in a decoded value, the way IPLD tooling walks a block.
function countLinks (value) {
  if (CID.asCID(value)) return 1
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return 0
  return Object.values(value).reduce((sum, item) => sum + countLinks(item), 0)
}

const results = {}
for (const file of readdirSync(directory).filter((f) => f.endsWith('.cbor')).sort()) {
  const bytes = readFileSync(join(directory, file))
  const value = dagCbor.decode(bytes)
  const reencoded = dagCbor.encode(value)
  const cid = CID.createV1(dagCbor.code, await sha256.digest(reencoded))
  results[file.slice(0, -'.cbor'.length)] = {
    cid: cid.toString(),
    reencodedIdentical: Buffer.compare(Buffer.from(reencoded), bytes) === 0,
    links: countLinks(value)
  }
}
console.log(JSON.stringify(results, null, 2))
