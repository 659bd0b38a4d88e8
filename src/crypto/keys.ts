/** One AES-256 key and the id stored next to everything it encrypts. */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A stored value names a key that the configuration does not hold (it was removed). */
export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`encrypted with key "${keyId}", which HOOKLINE_ENCRYPTION_KEYS does not hold`);
    this.name = 'UnknownKeyError';
  }
}

/**
 * Parses `<keyId>:<base64 of 32 bytes>,...`. Answers the keys, or a problem that names the
 * entry by position and never quotes it (it holds key material and goes to the log).
 */
export function parseEncryptionKeys(text: string): EncryptionKey[] | { problem: string } {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) return { problem: 'holds no key' };
  const keys: EncryptionKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const encoded = colon < 0 ? '' : entry.slice(colon + 1);
    const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
    const problem =
      colon < 0
        ? 'is not keyId:base64'
        : !KEY_ID.test(id)
          ? 'has a key id that is not 1 to 32 letters, digits, _ or -'
          : key?.length !== 32
            ? 'is not base64 of exactly 32 bytes'
            : keys.some((other) => other.id === id)
              ? `repeats the key id ${id}`
              : undefined;
    if (problem !== undefined) return { problem: `entry ${index + 1} ${problem}` };
    keys.push({ id, key: key! });
  }
  return keys;
}

/** The configured keys: the first encrypts, every one decrypts, so keys can be rotated. */
export class KeyRing {
  readonly primary: EncryptionKey;
  private readonly byId: Map<string, EncryptionKey>;

  constructor(keys: EncryptionKey[]) {
    if (keys[0] === undefined) throw new Error('a key ring needs at least one key');
    this.primary = keys[0];
    this.byId = new Map(keys.map((key) => [key.id, key]));
  }

  /** @throws UnknownKeyError when no configured key has this id. */
  get(id: string): EncryptionKey {
    const key = this.byId.get(id);
    if (key === undefined) throw new UnknownKeyError(id);
    return key;
  }
}
