import { decryptBytes, encryptBytes } from './aes-gcm';
import type { KeyRing } from './keys';

/** A secret as the database holds it: `enc:v1:<keyId>:<base64>`, or plain text from before. */
export type SealedSecret = string & { readonly __sealed: true };

const PREFIX = 'enc:v1:';
const SEALED = /^enc:v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/]+={0,2})$/;

/** A stored secret that is neither sealed nor a `whsec_` secret of an earlier release. */
export class MalformedSecretError extends Error {
  constructor() {
    super('a stored secret is neither enc:v1:<keyId>:<base64> nor a whsec_ secret');
    this.name = 'MalformedSecretError';
  }
}

/**
 * Encrypts signing secrets for the database and decrypts them where a signature is made or
 * checked. Values written by an earlier release are plain `whsec_` text; they are still
 * opened as they are (a replica of that release may write one during an upgrade), and the
 * start-up step (`sealStoredSecrets`) encrypts them.
 */
export class SecretBox {
  constructor(private readonly keys: KeyRing) {}

  seal(secret: string): SealedSecret {
    const sealed = encryptBytes(this.keys.primary, Buffer.from(secret, 'utf8'));
    return `${PREFIX}${this.keys.primary.id}:${sealed.toString('base64')}` as SealedSecret;
  }

  /**
   * @throws UnknownKeyError when the value names a key that is not configured,
   * DecryptionError when it does not decrypt, MalformedSecretError when it is no secret.
   */
  open(stored: SealedSecret): string {
    if (!stored.startsWith(PREFIX)) {
      if (stored.startsWith('whsec_')) return stored;
      throw new MalformedSecretError();
    }
    const match = SEALED.exec(stored);
    if (match === null) throw new MalformedSecretError();
    const key = this.keys.get(match[1]!);
    return decryptBytes(key, Buffer.from(match[2]!, 'base64')).toString('utf8');
  }

  /** True when the value is encrypted with the key that encrypts now: nothing to redo. */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`${PREFIX}${this.keys.primary.id}:`);
  }
}
