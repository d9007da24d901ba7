/**
 * Documents at rest: AES-256-GCM with a fresh 12-byte IV per document, the tag beside it. The key
 * is DOCUMENT_KEY, or derived from TOKEN_SECRET with HKDF-SHA256 so that every process of a
 * deployment holds the same key without another secret to distribute.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface Sealed {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export function documentKey(configured: string | undefined, tokenSecret: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  return Buffer.from(hkdfSync('sha256', tokenSecret, 'etapiste', 'session-documents-v1', 32));
}

/** `aad` binds the ciphertext to its document: a row's bytes moved under another id do not open. */
export function seal(key: Buffer, plain: Buffer, aad: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

export function open(key: Buffer, sealed: Sealed, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}
