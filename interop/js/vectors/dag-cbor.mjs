// Prints DAG-CBOR test vectors encoded by the js reference codec (npm `@ipld/dag-cbor`) as one
// JSON document on stdout. Each vector gives the value in a typed description that any language
// can rebuild without a JSON number or byte ambiguity, the canonical encoding in hex, and the
// block's CID (CIDv1, dag-cbor, sha2-256).
//
// PinRing commits the output under multiformats/src/test/resources/vectors/ and its tests check
// that the Java codec reproduces every encoding and CID, and that this script, re-run with the
// pinned packages, still prints exactly the committed file.
//
// Usage: node vectors/dag-cbor.mjs > ../../multiformats/src/test/resources/vectors/js-dag-cbor.json
import { readFileSync } from 'node:fs'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const versionOf = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url))).version
const hex = (bytes) => Buffer.from(bytes).toString('hex')
const utf8 = (text) => new TextEncoder().encode(text)

// ["null"] ["bool", b] ["int", "decimal"] ["float", "hex of the IEEE 754 binary64 bits"]
// ["string", s] ["bytes", hex] ["link", cid] ["list", [..]] ["map", [[key, value], ...]]
function describe (value) {
  if (value === null) return ['null']
  if (typeof value === 'boolean') return ['bool', value]
  if (typeof value === 'bigint') return ['int', value.toString()]
  if (typeof value === 'number') {
    // cborg encodes safe integers as CBOR integers and every other number as a float.
    if (Number.isSafeInteger(value)) return ['int', value.toString()]
    const view = new DataView(new ArrayBuffer(8))
    view.setFloat64(0, value)
    return ['float', hex(new Uint8Array(view.buffer))]
  }
  if (typeof value === 'string') return ['string', value]
  if (value instanceof Uint8Array) return ['bytes', hex(value)]
  const cid = CID.asCID(value)
  if (cid) return ['link', cid.toString()]
  if (Array.isArray(value)) return ['list', value.map(describe)]
  return ['map', Object.entries(value).map(([k, v]) => [k, describe(v)])]
}

const rawCid = CID.createV1(0x55, await sha256.digest(utf8('hello')))
const v0Cid = CID.createV0(await sha256.digest(utf8('dag-pb node')))
const cborCid = CID.createV1(0x71, await sha256.digest(utf8('parent')))
const bytes = (n) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) % 256)

const values = {
  'int-0': 0,
  'int-1': 1,
  'int-23': 23,
  'int-24': 24,
  'int-255': 255,
  'int-256': 256,
  'int-65535': 65535,
  'int-65536': 65536,
  'int-2^32-1': 4294967295,
  'int-2^32': 4294967296,
  'int-max-safe': Number.MAX_SAFE_INTEGER,
  'int-2^63-1': 9223372036854775807n,
  'int-minus-1': -1,
  'int-minus-24': -24,
  'int-minus-25': -25,
  'int-minus-256': -256,
  'int-minus-257': -257,
  'int-minus-65536': -65536,
  'int-minus-65537': -65537,
  'int-minus-2^32': -4294967296,
  'int-minus-2^32-1': -4294967297,
  'int-minus-2^63': -9223372036854775808n,
  'float-1.5': 1.5,
  'float-0.1': 0.1,
  'float-minus-2.75': -2.75,
  'float-1e300': 1e300,
  'float-min-subnormal': 5e-324,
  'float-max': 1.7976931348623157e308,
  'null': null,
  'true': true,
  'false': false,
  'string-empty': '',
  'string-ascii': 'IETF',
  'string-2-byte': 'ü',
  'string-3-byte': '水',
  'string-4-byte': '😀',
  'string-300': 'x'.repeat(300),
  'bytes-empty': new Uint8Array(0),
  'bytes-1': new Uint8Array([0]),
  'bytes-300': bytes(300),
  'list-empty': [],
  'list-nested': [1, [2, 3], [[]]],
  'list-30': Array.from({ length: 30 }, (_, i) => i * 1000),
  'map-empty': {},
  'map-simple': { a: 1, b: 2 },
  'map-length-first': { aa: 1, b: 2, a: 3, bb: 4, '': 0, ccc: 5 },
  'map-unicode-keys': { é: 1, z: 2, zz: 3, '水': 4 },
  'link-raw': rawCid,
  'link-v0': v0Cid,
  'link-dag-cbor': cborCid,
  'mixed-record': {
    prev: [cborCid, rawCid],
    priority: 42,
    ops: [{ op: 'pin', cid: v0Cid, name: 'photos 2019', replication: { min: 2, max: 3 }, meta: { k: 'v' } }],
    author: bytes(32),
    ratio: 0.25,
    active: true,
    note: null
  }
}

const vectors = []
for (const [name, value] of Object.entries(values)) {
  const encoded = dagCbor.encode(value)
  const cid = CID.createV1(dagCbor.code, await sha256.digest(encoded))
  vectors.push({ name, value: describe(value), hex: hex(encoded), cid: cid.toString() })
}

console.log(JSON.stringify({
  generator: 'interop/js/vectors/dag-cbor.mjs',
  packages: { '@ipld/dag-cbor': versionOf('@ipld/dag-cbor'), multiformats: versionOf('multiformats') },
  vectors
}, null, 1))
