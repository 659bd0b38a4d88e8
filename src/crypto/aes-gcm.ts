import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from './keys';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Ciphertext that fails authentication: a wrong key, or bytes changed after encryption. */
export class DecryptionError extends Error {
  constructor(readonly keyId: string) {
    super(`does not decrypt with key "${keyId}": the key is wrong or the data was altered`);
    this.name = 'DecryptionError';
  }
}

/**
 * AES-256-GCM with a random 96-bit nonce per call; answers nonce, ciphertext and tag in one
 * buffer. The key id is authenticated too, so a value cannot pass as another key's.
 */
export function encryptBytes(key: EncryptionKey, plaintext: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(Buffer.from(key.id, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/**
 * Reverses {@link encryptBytes}.
 * @throws DecryptionError when the bytes are too short or do not authenticate.
 */
export function decryptBytes(key: EncryptionKey, sealed: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError(key.id);
  const decipher = createDecipheriv('aes-256-gcm', key.key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(key.id, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new DecryptionError(key.id);
  }
}
