// Prints DAG-JSON test vectors encoded by the js reference codec (npm `@ipld/dag-json`) as one
// JSON document on stdout: each value in the same typed description as vectors/dag-cbor.mjs, the
// canonical DAG-JSON text and its CID (CIDv1, dag-json, sha2-256). A second list holds texts and
// whether the js decoder accepts them. (Left out on purpose: numbers with an exponent but no
// decimal point, which js cannot tell apart from integers, and padded base64 in bytes, which the
// specification excludes but the js decoder tolerates.)
//
// PinRing commits the output under multiformats/src/test/resources/vectors/ and an interop test
// re-runs this script and requires exactly the committed file.
//
// Usage: node vectors/dag-json.mjs > ../../multiformats/src/test/resources/vectors/js-dag-json.json
import { readFileSync } from 'node:fs'
import * as dagJson from '@ipld/dag-json'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const versionOf = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url))).version
const hex = (bytes) => Buffer.from(bytes).toString('hex')
const utf8 = (text) => new TextEncoder().encode(text)
const bytes = (n) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) % 256)

// ["null"] ["bool", b] ["int", "decimal"] ["float", "hex of the IEEE 754 binary64 bits"]
// ["string", s] ["bytes", hex] ["link", cid] ["list", [..]] ["map", [[key, value], ...]]
function describe (value) {
  if (value === null) return ['null']
  if (typeof value === 'boolean') return ['bool', value]
  if (typeof value === 'bigint') return ['int', value.toString()]
  if (typeof value === 'number') {
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

const values = {
  'int-0': 0,
  'int-minus-1': -1,
  'int-max-safe': Number.MAX_SAFE_INTEGER,
  'int-2^63-1': 9223372036854775807n,
  'int-minus-2^63': -9223372036854775808n,
  'float-0.5': 0.5,
  'float-0.1': 0.1,
  'float-minus-2.75': -2.75,
  'float-1e21-ish': 1.5e21,
  'float-1e-7': 1e-7,
  'float-1.5e-6': 1.5e-6,
  'float-123456.789': 123456.789,
  'float-1e300': 1e300,
  'float-min-subnormal': 5e-324,
  'float-max': 1.7976931348623157e308,
  'float-third': 1 / 3,
  'null': null,
  'true': true,
  'false': false,
  'string-empty': '',
  'string-escapes': 'quote " backslash \\ slash / newline \n tab \t cr \r bs \b ff \f nul \u0000 us \u001f del \u007f',
  'string-unicode': 'ü 水 😀 \u2028 \u2029',
  'bytes-empty': new Uint8Array(0),
  'bytes-1': new Uint8Array([0xff]),
  'bytes-2': new Uint8Array([0xff, 0xee]),
  'bytes-300': bytes(300),
  'list-nested': [1, [2, 3], [[]], 'x'],
  'map-empty': {},
  'map-bytewise-order': { aa: 1, b: 2, a: 3, bb: 4, '': 0, ccc: 5, B: 6, é: 7 },
  'map-slash-not-first': { '': 'first', '/': 'not a link' },
  'map-slash-number': { '/': 1 },
  'link-raw': rawCid,
  'link-v0': v0Cid,
  'record': { name: 'photos', links: [rawCid, v0Cid], size: 1234, ratio: 0.25, raw: bytes(4), nested: { ok: true } }
}

const vectors = []
for (const [name, value] of Object.entries(values)) {
  const encoded = dagJson.encode(value)
  const cid = CID.createV1(dagJson.code, await sha256.digest(encoded))
  vectors.push({ name, value: describe(value), text: new TextDecoder().decode(encoded), cid: cid.toString() })
}

const texts = {
  'whitespace': ' { "a" : [ 1 , 2 ] } ',
  'unsorted-keys': '{"b":1,"a":2}',
  'duplicate-keys': '{"a":1,"a":2}',
  'link-form': '{"/":"' + rawCid.toString() + '"}',
  'link-bad-cid': '{"/":"notacid"}',
  'link-extra-key': '{"/":"' + rawCid.toString() + '","x":1}',
  'bytes-form': '{"/":{"bytes":"AAEC"}}',
  'bytes-extra-inner-key': '{"/":{"bytes":"AAEC","x":1}}',
  'trailing-comma': '[1,2,]',
  'trailing-data': '1 2',
  'leading-zero': '01',
  'nan': 'NaN',
  'unterminated': '"abc',
  'control-char': '"a\u0001b"',
  'escaped-unicode': '"\\u00e9\\ud83d\\ude00"',
  'slash-string-then-more': '{"/":"not a link","other":1}',
  'slash-not-first': '{"x":1,"/":"' + rawCid.toString() + '"}',
  'slash-number': '{"/":1}',
  'slash-other-map': '{"/":{"x":1}}',
  'bytes-noncanonical-bits': '{"/":{"bytes":"/x"}}',
  'bytes-then-more': '{"/":{"bytes":"AAEC"},"x":1}',
  'empty': ''
}
const decodeVectors = []
for (const [name, text] of Object.entries(texts)) {
  let verdict
  try {
    verdict = { accepted: true, value: describe(dagJson.decode(utf8(text))) }
  } catch {
    verdict = { accepted: false }
  }
  decodeVectors.push({ name, text, ...verdict })
}

console.log(JSON.stringify({
  generator: 'interop/js/vectors/dag-json.mjs',
  packages: { '@ipld/dag-json': versionOf('@ipld/dag-json'), multiformats: versionOf('multiformats') },
  vectors,
  decode: decodeVectors
}, null, 1))
