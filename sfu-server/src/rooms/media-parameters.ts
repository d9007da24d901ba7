/**
 * What a participant says about its media, checked against what the room's router offers before
 * mediasoup is asked: mediasoup checks the shapes it needs, but took an audio producer with a VP8
 * codec, SSRCs beyond 32 bits and an empty DTLS fingerprint. A refusal is INVALID_RTP_PARAMETERS
 * and changes nothing.
 */
import { type MediaKind, ProtocolError, type RtpParameters } from '@etapiste/protocol';
import type { types } from 'mediasoup';

/** SSRCs are 32-bit (RFC 3550). */
const MAX_SSRC = 0xffff_ffff;

/** Digest length in bytes of each fingerprint algorithm (RFC 8122, the ones mediasoup offers). */
const DIGEST_BYTES: Readonly<Record<string, number>> = {
  'sha-1': 20,
  'sha-224': 28,
  'sha-256': 32,
  'sha-384': 48,
  'sha-512': 64,
};

function refuse(message: string): never {
  throw new ProtocolError('INVALID_RTP_PARAMETERS', { message });
}

/**
 * A producer's codecs must all be of its kind and offered by the router for that kind (the media
 * codecs and their RTX), and every SSRC it declares must fit in 32 bits.
 */
export function checkProducerParameters(
  kind: MediaKind,
  rtpParameters: RtpParameters,
  routerCapabilities: types.RtpCapabilities,
): void {
  for (const codec of rtpParameters.codecs) {
    const mimeType = codec.mimeType.toLowerCase();
    if (!mimeType.startsWith(`${kind}/`)) refuse(`${codec.mimeType} is not an ${kind} codec`);
    const offered = routerCapabilities.codecs?.some((c) => c.kind === kind && c.mimeType.toLowerCase() === mimeType);
    if (!offered) refuse(`${codec.mimeType} is not offered`);
  }
  for (const encoding of rtpParameters.encodings ?? []) {
    for (const ssrc of [encoding.ssrc, encoding.rtx?.ssrc]) {
      if (ssrc !== undefined && ssrc > MAX_SSRC) refuse('an SSRC is out of range');
    }
  }
}

/**
 * The browser's DTLS fingerprints: each of an algorithm this transport offers itself, with a value
 * of that algorithm's length as colon-separated hex bytes (`AB:CD:…`).
 */
export function checkDtlsParameters(dtlsParameters: types.DtlsParameters, local: types.DtlsParameters): void {
  const offered = new Set(local.fingerprints.map((f) => f.algorithm));
  if (dtlsParameters.fingerprints.length === 0) refuse('no DTLS fingerprint');
  for (const { algorithm, value } of dtlsParameters.fingerprints) {
    const bytes = DIGEST_BYTES[algorithm];
    if (!bytes || !offered.has(algorithm)) refuse(`fingerprint algorithm ${algorithm.slice(0, 20)} is not offered`);
    if (!new RegExp(`^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){${bytes - 1}}$`).test(value)) {
      refuse(`the ${algorithm} fingerprint is malformed`);
    }
  }
}
