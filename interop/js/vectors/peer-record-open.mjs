// Opens signed peer records (libp2p RFC 0002/0003) as js-libp2p does and prints what js concludes,
// one JSON object per envelope given in hex on the command line:
//   node vectors/peer-record-open.mjs <envelope hex>...
// PinRing's interop tests use it to check that envelopes sealed in Java verify in js; the vector
// generator (peer-record.mjs) uses check() for js's verdict on tampered envelopes.
import { peerIdFromCID } from '@libp2p/peer-id'
import { PeerRecord, RecordEnvelope } from '@libp2p/peer-record'
import { pathToFileURL } from 'node:url'

const hex = (bytes) => Buffer.from(bytes).toString('hex')

// The steps of js's peer store consumePeerRecord, each reported: js checks the signature for the
// peer record domain and that the record's peer id is the signer, but not the payload type.
export async function check (envelopeHex) {
  const result = { signatureValid: false, payloadType: null, peerId: null, signerMatches: false, seq: null, addresses: null }
  let envelope
  try {
    envelope = RecordEnvelope.createFromProtobuf(Buffer.from(envelopeHex, 'hex'))
  } catch (e) {
    result.error = 'envelope: ' + e.name
    return result
  }
  result.signatureValid = await envelope.validate(PeerRecord.DOMAIN)
  result.payloadType = hex(envelope.payloadType)
  try {
    const record = PeerRecord.createFromProtobuf(envelope.payload)
    const signer = peerIdFromCID(envelope.publicKey.toCID())
    result.peerId = record.peerId.toString()
    result.signerMatches = record.peerId.equals(signer)
    result.seq = record.seqNumber.toString()
    result.addresses = record.multiaddrs.map(m => m.toString())
  } catch (e) {
    result.error = 'record: ' + e.name
  }
  return result
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const arg of process.argv.slice(2)) {
    console.log(JSON.stringify(await check(arg)))
  }
}
