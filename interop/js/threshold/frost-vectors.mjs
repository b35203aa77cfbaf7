// Prints FROST(Ed25519, SHA-512) vectors computed by @noble/curves' FROST implementation (and
// encoded with @ipld/dag-cbor) as one JSON document on stdout:
//   - signing transcripts in the RFC 9591 vector layout, for several (t, n) and signer sets;
//   - a DKG run (round-one commitments and proofs of knowledge, round-two shares, final keys);
//   - the DAG-CBOR bytes of PinRing's versioned threshold forms, built from those values.
// Randomness is a fixed SHA-512 counter stream, so the output never changes for the pinned
// packages. PinRing commits the output as
// threshold/src/test/resources/vectors/frost/js-noble-frost.json; its tests check every value and
// re-run this script to prove the committed file is still what noble prints.
//
// Usage: node threshold/frost-vectors.mjs > ../../threshold/src/test/resources/vectors/frost/js-noble-frost.json
import { readFileSync } from 'node:fs'
import { ed25519_FROST as frost } from '@noble/curves/ed25519.js'
import { encode as cbor } from '@ipld/dag-cbor'
import { L, Point, bindingFactorInputs, H1, deterministicBytes, evaluate, hex, replay, scalarFromLE, scalarToLE } from './frost-common.mjs'

const versionOf = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url))).version

const randomScalar = (rng) => scalarFromLE(rng(64)) % L
const id = (i) => frost.Identifier.fromNumber(i)

function transcript (min, max, signers, messageText, seed) {
  const rng = deterministicBytes(seed)
  const coefficients = []
  for (let i = 0; i < min; i++) coefficients.push(randomScalar(rng))
  const pub = {
    signers: { min, max },
    commitments: coefficients.map((a) => Point.BASE.multiply(a).toBytes()),
    verifyingShares: {}
  }
  const secrets = {}
  const shares = []
  for (let i = 1; i <= max; i++) {
    const share = scalarToLE(evaluate(coefficients, BigInt(i)))
    secrets[i] = { identifier: id(i), signingShare: share }
    pub.verifyingShares[id(i)] = Point.BASE.multiply(scalarFromLE(share)).toBytes()
    shares.push({ identifier: i, participant_share: hex(share) })
  }
  for (const s of Object.values(secrets)) frost.validateSecret(s, pub)
  const message = new TextEncoder().encode(messageText)
  const roundOne = []
  const commitmentList = []
  const nonces = {}
  for (const i of signers) {
    const hiding = rng(32)
    const binding = rng(32)
    const g = frost.commit(secrets[i], replay(hiding, binding))
    nonces[i] = g.nonces
    commitmentList.push(g.commitments)
    // Recorded now: noble's signShare zeroes the nonce arrays in place once they are used.
    roundOne.push({ identifier: i, hiding, binding, g, hidingNonce: hex(g.nonces.hiding), bindingNonce: hex(g.nonces.binding) })
  }
  const inputs = bindingFactorInputs(pub.commitments[0], message,
    roundOne.map((r) => ({ id: r.identifier, hiding: r.g.commitments.hiding, binding: r.g.commitments.binding })))
  const sigShares = {}
  const roundTwo = []
  for (const i of signers) {
    const share = frost.signShare(secrets[i], pub, nonces[i], commitmentList, message)
    sigShares[id(i)] = share
    roundTwo.push({ identifier: i, sig_share: hex(share) })
  }
  const sig = frost.aggregate(pub, commitmentList, message, sigShares)
  return {
    config: { MAX_PARTICIPANTS: String(max), NUM_PARTICIPANTS: String(signers.length), MIN_PARTICIPANTS: String(min), name: 'FROST(Ed25519, SHA-512)', group: 'ed25519', hash: 'SHA-512' },
    inputs: {
      participant_list: signers,
      group_secret_key: hex(scalarToLE(coefficients[0])),
      group_public_key: hex(pub.commitments[0]),
      message: hex(message),
      share_polynomial_coefficients: coefficients.slice(1).map((a) => hex(scalarToLE(a))),
      participant_shares: shares
    },
    round_one_outputs: {
      outputs: roundOne.map((r) => ({
        identifier: r.identifier,
        hiding_nonce_randomness: hex(r.hiding),
        binding_nonce_randomness: hex(r.binding),
        hiding_nonce: r.hidingNonce,
        binding_nonce: r.bindingNonce,
        hiding_nonce_commitment: hex(r.g.commitments.hiding),
        binding_nonce_commitment: hex(r.g.commitments.binding),
        binding_factor_input: hex(inputs[r.identifier]),
        binding_factor: hex(scalarToLE(H1(inputs[r.identifier])))
      }))
    },
    round_two_outputs: { outputs: roundTwo },
    final_output: { sig: hex(sig) }
  }
}

function dkg (min, max, seed) {
  const rng = deterministicBytes(seed)
  const signers = { min, max }
  const parts = []
  for (let i = 1; i <= max; i++) parts.push(frost.DKG.round1(id(i), signers, undefined, rng))
  const round1 = parts.map((p) => p.public)
  const round2 = []
  const received = {}
  for (let i = 0; i < max; i++) {
    const out = frost.DKG.round2(parts[i].secret, round1.filter((_, j) => j !== i))
    for (const [to, pkg] of Object.entries(out)) {
      round2.push({ from: i + 1, to: Number(scalarFromLE(Buffer.from(to, 'hex'))), signing_share: hex(pkg.signingShare) })
      ;(received[to] ??= []).push(pkg)
    }
  }
  const results = []
  for (let i = 0; i < max; i++) {
    const key = frost.DKG.round3(parts[i].secret, round1.filter((_, j) => j !== i), received[id(i + 1)])
    results.push({ identifier: i + 1, signing_share: hex(key.secret.signingShare), verifying_share: hex(key.public.verifyingShares[id(i + 1)]), verifying_key: hex(key.public.commitments[0]) })
  }
  return {
    min,
    max,
    round1: round1.map((p, i) => ({ identifier: i + 1, commitment: p.commitment.map(hex), proof_of_knowledge: hex(p.proofOfKnowledge) })),
    round2,
    results
  }
}

// PinRing's versioned DAG-CBOR forms (threshold/.../FrostCbor.java), built from transcript values.
function cborForms (t, dkgRun) {
  const u = (h) => new Uint8Array(Buffer.from(h, 'hex'))
  const idBytes = (i) => scalarToLE(BigInt(i))
  const min = Number(t.config.MIN_PARTICIPANTS)
  const first = t.inputs.participant_shares[0]
  const verifying = (share) => Point.BASE.multiply(scalarFromLE(u(share))).toBytes()
  const commitment = (r) => ({ id: idBytes(r.identifier), hiding: u(r.hiding_nonce_commitment), binding: u(r.binding_nonce_commitment) })
  const signingPackage = { type: 'frost-signing-package', v: 1, message: u(t.inputs.message), commitments: t.round_one_outputs.outputs.map(commitment) }
  const coefficients = [t.inputs.group_secret_key, ...t.inputs.share_polynomial_coefficients]
  const forms = {
    'key-package': { type: 'frost-key-package', v: 1, id: idBytes(first.identifier), signingShare: u(first.participant_share), verifyingShare: verifying(first.participant_share), groupKey: u(t.inputs.group_public_key), minSigners: min },
    'public-key-package': { type: 'frost-public-key-package', v: 1, groupKey: u(t.inputs.group_public_key), minSigners: min, verifyingShares: t.inputs.participant_shares.map((s) => ({ id: idBytes(s.identifier), verifyingShare: verifying(s.participant_share) })) },
    'secret-share': { type: 'frost-secret-share', v: 1, id: idBytes(first.identifier), share: u(first.participant_share), commitment: coefficients.map((a) => Point.BASE.multiply(scalarFromLE(u(a))).toBytes()) },
    commitment: { type: 'frost-commitment', v: 1, ...commitment(t.round_one_outputs.outputs[0]) },
    'signing-package': signingPackage,
    'signature-share': { type: 'frost-signature-share', v: 1, id: idBytes(t.round_two_outputs.outputs[0].identifier), share: u(t.round_two_outputs.outputs[0].sig_share) },
    'signing-transcript': { type: 'frost-signing-transcript', v: 1, groupKey: u(t.inputs.group_public_key), signingPackage, shares: t.round_two_outputs.outputs.map((r) => ({ id: idBytes(r.identifier), share: u(r.sig_share) })), signature: u(t.final_output.sig) },
    'dkg-round1': { type: 'frost-dkg-round1', v: 1, id: idBytes(1), commitment: dkgRun.round1[0].commitment.map(u), proof: u(dkgRun.round1[0].proof_of_knowledge) },
    'dkg-round2': { type: 'frost-dkg-round2', v: 1, from: idBytes(dkgRun.round2[0].from), to: idBytes(dkgRun.round2[0].to), share: u(dkgRun.round2[0].signing_share) }
  }
  const out = {}
  for (const [name, value] of Object.entries(forms)) out[name] = hex(cbor(value))
  return out
}

const transcripts = [
  transcript(2, 3, [1, 3], 'test', 'pinring-frost-2-of-3'),
  transcript(3, 5, [1, 3, 5], 'pin bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi', 'pinring-frost-3-of-5'),
  transcript(5, 7, [2, 3, 4, 6, 7], '', 'pinring-frost-5-of-7')
]
const dkgRun = dkg(3, 4, 'pinring-frost-dkg-3-of-4')

console.log(JSON.stringify({
  generator: 'interop/js/threshold/frost-vectors.mjs',
  packages: { '@noble/curves': versionOf('@noble/curves'), '@ipld/dag-cbor': versionOf('@ipld/dag-cbor') },
  transcripts,
  dkg: dkgRun,
  cbor: cborForms(transcripts[1], dkgRun)
}, null, 1))
