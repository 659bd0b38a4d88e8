import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { decryptBytes, encryptBytes } from './aes-gcm';
import type { KeyRing } from './keys';

/** The encoding of a payload that this codec encrypted. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata key naming the key a payload was encrypted with. */
export const KEY_ID_METADATA = 'encryption-key-id';

const ProtoPayload = temporal.api.common.v1.Payload;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A payload marked encrypted that has no key id. */
export class MalformedPayloadError extends Error {
  constructor() {
    super(`an encrypted payload has no ${KEY_ID_METADATA} metadata`);
    this.name = 'MalformedPayloadError';
  }
}

/**
 * Encrypts every payload hookline puts into Temporal with AES-256-GCM: the whole payload
 * (metadata and data) becomes the `data` of a `binary/encrypted` payload that names its key.
 * Decoding always decrypts what it can; `encrypt: false` (HOOKLINE_PAYLOAD_ENCRYPTION=off)
 * only stops new payloads from being encrypted, so histories written before still replay.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: KeyRing,
    private readonly encrypt: boolean,
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    if (!this.encrypt) return payloads;
    const key = this.keys.primary;
    return payloads.map((payload) => ({
      metadata: {
        encoding: encoder.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: encoder.encode(key.id),
      },
      data: encryptBytes(key, ProtoPayload.encode(payload).finish()),
    }));
  }

  /**
   * @throws UnknownKeyError for a key that is not configured, DecryptionError for a payload
   * that does not decrypt, MalformedPayloadError for one without a key id; payloads that are
   * not encrypted pass unchanged.
   */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (encoding === undefined || decoder.decode(encoding) !== ENCRYPTED_ENCODING) {
        return payload;
      }
      const keyId = payload.metadata?.[KEY_ID_METADATA];
      if (keyId === undefined || payload.data == null) throw new MalformedPayloadError();
      const plaintext = decryptBytes(this.keys.get(decoder.decode(keyId)), payload.data);
      return ProtoPayload.decode(plaintext) as Payload;
    });
  }
}
