// Re-derives every value of a FROST(Ed25519, SHA-512) transcript in the RFC 9591 vector layout
// (as written by `pinring threshold transcript`) with @noble/curves' independent FROST
// implementation, checks the signature with @noble/ed25519, and prints a JSON report:
// {"ok": true|false, "mismatches": [...]}. Exit code 0 when every value matches.
//
// Usage: node threshold/check-transcript.mjs TRANSCRIPT.json
import { readFileSync } from 'node:fs'
import { ed25519, ed25519_FROST as frost } from '@noble/curves/ed25519.js'
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { L, Point, bindingFactorInputs, H1, hex, replay, scalarFromLE, scalarToLE, unhex } from './frost-common.mjs'

ed.hashes.sha512 = sha512

const t = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const mismatches = []
const expect = (what, expected, actual) => {
  if (expected !== actual) mismatches.push(`${what}: transcript ${expected}, noble ${actual}`)
}

const n = Number(t.config.MAX_PARTICIPANTS)
const min = Number(t.config.MIN_PARTICIPANTS)
const groupKeyHex = t.inputs.group_public_key ?? t.inputs.verifying_key_key
const message = unhex(t.inputs.message)
const coefficients = [t.inputs.group_secret_key, ...t.inputs.share_polynomial_coefficients].map((h) => scalarFromLE(unhex(h)))

const id = (i) => frost.Identifier.fromNumber(Number(i))
const verifyingShares = {}
const secrets = {}
for (const s of t.inputs.participant_shares) {
  const share = unhex(s.participant_share)
  secrets[s.identifier] = { identifier: id(s.identifier), signingShare: share }
  verifyingShares[id(s.identifier)] = Point.BASE.multiply(scalarFromLE(share)).toBytes()
}
const pub = {
  signers: { min, max: n },
  commitments: coefficients.map((a) => Point.BASE.multiply(a).toBytes()),
  verifyingShares
}
expect('group_public_key', groupKeyHex, hex(pub.commitments[0]))
for (const s of Object.values(secrets)) frost.validateSecret(s, pub) // throws on a bad share

const nonces = {}
const commitmentList = []
for (const r of t.round_one_outputs.outputs) {
  const g = frost.commit(secrets[r.identifier], replay(unhex(r.hiding_nonce_randomness), unhex(r.binding_nonce_randomness)))
  expect(`hiding_nonce of ${r.identifier}`, r.hiding_nonce, hex(g.nonces.hiding))
  expect(`binding_nonce of ${r.identifier}`, r.binding_nonce, hex(g.nonces.binding))
  expect(`hiding_nonce_commitment of ${r.identifier}`, r.hiding_nonce_commitment, hex(g.commitments.hiding))
  expect(`binding_nonce_commitment of ${r.identifier}`, r.binding_nonce_commitment, hex(g.commitments.binding))
  nonces[r.identifier] = g.nonces
  commitmentList.push(g.commitments)
}
const inputs = bindingFactorInputs(
  unhex(groupKeyHex), message,
  t.round_one_outputs.outputs.map((r) => ({ id: r.identifier, hiding: unhex(r.hiding_nonce_commitment), binding: unhex(r.binding_nonce_commitment) })))
for (const r of t.round_one_outputs.outputs) {
  expect(`binding_factor_input of ${r.identifier}`, r.binding_factor_input, hex(inputs[r.identifier]))
  expect(`binding_factor of ${r.identifier}`, r.binding_factor, hex(scalarToLE(H1(inputs[r.identifier]))))
}

const sigShares = {}
for (const r of t.round_two_outputs.outputs) {
  const share = frost.signShare(secrets[r.identifier], pub, nonces[r.identifier], commitmentList, message)
  expect(`sig_share of ${r.identifier}`, r.sig_share, hex(share))
  sigShares[id(r.identifier)] = share
}
const sig = frost.aggregate(pub, commitmentList, message, sigShares)
expect('sig', t.final_output.sig, hex(sig))
const given = unhex(t.final_output.sig)
if (!ed.verify(given, message, unhex(groupKeyHex))) mismatches.push('@noble/ed25519 rejects the signature')
if (!ed25519.verify(given, message, unhex(groupKeyHex), { zip215: false })) mismatches.push('@noble/curves (RFC 8032 strict) rejects the signature')
if (scalarFromLE(given.slice(32)) >= L) mismatches.push('signature scalar is not canonical')

console.log(JSON.stringify({ ok: mismatches.length === 0, mismatches }))
process.exit(mismatches.length === 0 ? 0 : 1)
