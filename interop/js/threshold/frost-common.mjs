// Helpers shared by the FROST interop scripts: hex, little-endian scalars mod L, and the
// RFC 9591 binding-factor computation written out from the spec (section 4.4), so that the
// scripts check PinRing's values with @noble/curves' FROST and with code that is neither.
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'

export const L = 2n ** 252n + 27742317777372353535851937790883648493n
export const CONTEXT = new TextEncoder().encode('FROST-ED25519-SHA512-v1')
export const Point = ed25519.Point

export const hex = (bytes) => Buffer.from(bytes).toString('hex')
export const unhex = (text) => new Uint8Array(Buffer.from(text, 'hex'))

export function concat (...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) { out.set(p, offset); offset += p.length }
  return out
}

export function scalarFromLE (bytes) {
  let n = 0n
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i])
  return n
}

export function scalarToLE (n) {
  const out = new Uint8Array(32)
  let v = ((n % L) + L) % L
  for (let i = 0; i < 32; i++) { out[i] = Number(v & 0xffn); v >>= 8n }
  return out
}

const label = (text) => new TextEncoder().encode(text)
export const H1 = (m) => scalarFromLE(sha512(concat(CONTEXT, label('rho'), m))) % L
export const H4 = (m) => sha512(concat(CONTEXT, label('msg'), m))
export const H5 = (m) => sha512(concat(CONTEXT, label('com'), m))

/** binding_factor_input for each signer (RFC 9591 section 4.4), by identifier. */
export function bindingFactorInputs (groupKey, message, commitments) {
  const encoded = concat(...commitments.map((c) => concat(scalarToLE(BigInt(c.id)), c.hiding, c.binding)))
  const prefix = concat(groupKey, H4(message), H5(encoded))
  const out = {}
  for (const c of commitments) out[c.id] = concat(prefix, scalarToLE(BigInt(c.id)))
  return out
}

/** f(x) for coefficients [a0, a1, ...] mod L. */
export function evaluate (coefficients, x) {
  let value = 0n
  for (let i = coefficients.length - 1; i >= 0; i--) value = (value * x + coefficients[i]) % L
  return value
}

/** A deterministic byte source: SHA-512 in counter mode over a seed string. */
export function deterministicBytes (seed) {
  let counter = 0
  let pool = new Uint8Array(0)
  return (length) => {
    while (pool.length < length) {
      pool = concat(pool, sha512(concat(label(seed), scalarToLE(BigInt(counter++)))))
    }
    const out = pool.slice(0, length)
    pool = pool.slice(length)
    return out
  }
}

/** An rng for noble's commit() that returns exactly the given 32-byte values in order. */
export function replay (...values) {
  let i = 0
  return (length) => {
    if (length !== 32 || i >= values.length) throw new Error('unexpected randomness request')
    return values[i++]
  }
}
