import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { DecryptionError } from '../../src/crypto/aes-gcm';
import { KeyRing, parseEncryptionKeys, UnknownKeyError } from '../../src/crypto/keys';
import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_METADATA,
} from '../../src/crypto/payload-codec';
import { type SealedSecret, SecretBox } from '../../src/crypto/secret-box';

const keyText = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const ring = (...entries: string[]) => {
  const keys = parseEncryptionKeys(entries.join(','));
  if ('problem' in keys) throw new Error(keys.problem);
  return new KeyRing(keys);
};
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const jsonPayload = (value: unknown): Payload => ({
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from(JSON.stringify(value)),
});

describe('parseEncryptionKeys', () => {
  test('two entries give two keys, the first one first', () => {
    const keys = parseEncryptionKeys(`${keyText('k2')}, ${keyText('k1')}`);

    expect('problem' in keys ? keys : keys.map((key) => [key.id, key.key.length])).toEqual([
      ['k2', 32],
      ['k1', 32],
    ]);
  });

  test('a key of 16 bytes is refused without quoting the entry', () => {
    const short = `k1:${randomBytes(16).toString('base64')}`;

    const parsed = parseEncryptionKeys(short);

    expect(parsed).toEqual({ problem: 'entry 1 is not base64 of exactly 32 bytes' });
  });

  test('a repeated key id is refused', () => {
    const parsed = parseEncryptionKeys(`${keyText('k1')},${keyText('k1')}`);

    expect(parsed).toEqual({ problem: 'entry 2 repeats the key id k1' });
  });

  test('an entry without a key id is refused', () => {
    const parsed = parseEncryptionKeys(randomBytes(32).toString('base64'));

    expect(parsed).toEqual({ problem: 'entry 1 is not keyId:base64' });
  });
});

describe('SecretBox', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;

  test('a sealed secret names its key, holds no plain text and opens to the secret', () => {
    const box = new SecretBox(ring(keyText('k1')));

    const sealed = box.seal(secret);

    expect(sealed).toMatch(/^enc:v1:k1:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain('whsec_');
    expect(box.open(sealed)).toBe(secret);
  });

  test('the same secret sealed twice gives two ciphertexts (a fresh nonce each time)', () => {
    const box = new SecretBox(ring(keyText('k1')));

    expect(box.seal(secret)).not.toBe(box.seal(secret));
  });

  test('after a rotation, a secret sealed with the older key still opens', () => {
    const old = keyText('k1');
    const sealed = new SecretBox(ring(old)).seal(secret);

    const rotated = new SecretBox(ring(keyText('k2'), old));

    expect(rotated.open(sealed)).toBe(secret);
    expect(rotated.isCurrent(sealed)).toBe(false);
  });

  test('a secret under a key that is no longer configured is refused, naming the key', () => {
    const sealed = new SecretBox(ring(keyText('gone'))).seal(secret);

    const open = () => new SecretBox(ring(keyText('k2'))).open(sealed);

    expect(open).toThrow(UnknownKeyError);
    expect(open).toThrow('encrypted with key "gone", which HOOKLINE_ENCRYPTION_KEYS does not hold');
  });

  test('a different key under the same id fails authentication', () => {
    const sealed = new SecretBox(ring(keyText('k1'))).seal(secret);

    const open = () => new SecretBox(ring(keyText('k1'))).open(sealed);

    expect(open).toThrow(DecryptionError);
  });

  test('a plain whsec_ secret of an earlier release opens as it is', () => {
    const box = new SecretBox(ring(keyText('k1')));

    expect(box.open(secret as SealedSecret)).toBe(secret);
  });
});

describe('EncryptionCodec', () => {
  const email = 'ada.lovelace@example.com';

  test('an encoded payload is binary/encrypted, names its key and holds no plain text', async () => {
    const codec = new EncryptionCodec(ring(keyText('k1')), true);

    const [encoded] = await codec.encode([jsonPayload({ email })]);

    expect(text(encoded!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded!.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(encoded!.data!).includes(email)).toBe(false);
  });

  test('decoding an encoded payload gives back its metadata and data', async () => {
    const codec = new EncryptionCodec(ring(keyText('k1')), true);
    const original = jsonPayload({ email });

    const [decoded] = await codec.decode(await codec.encode([original]));

    expect(text(decoded!.metadata!.encoding)).toBe('json/plain');
    expect(JSON.parse(text(decoded!.data))).toEqual({ email });
  });

  test('with encryption off, payloads go out unchanged and encrypted ones still decode', async () => {
    const keys = ring(keyText('k1'));
    const encrypted = await new EncryptionCodec(keys, true).encode([jsonPayload({ email })]);
    const off = new EncryptionCodec(keys, false);

    const [plain] = await off.encode([jsonPayload({ email })]);
    const [decoded] = await off.decode(encrypted);

    expect(text(plain!.data)).toContain(email);
    expect(JSON.parse(text(decoded!.data))).toEqual({ email });
  });

  test('a payload altered after encryption does not decode', async () => {
    const codec = new EncryptionCodec(ring(keyText('k1')), true);
    const [encoded] = await codec.encode([jsonPayload({ email })]);
    const data = Buffer.from(encoded!.data!);
    data[data.length - 1]! ^= 1;

    const decode = codec.decode([{ ...encoded!, data }]);

    await expect(decode).rejects.toThrow(DecryptionError);
  });

  test('a payload under a key that is not configured is refused, naming the key', async () => {
    const [encoded] = await new EncryptionCodec(ring(keyText('old')), true).encode([
      jsonPayload({ email }),
    ]);

    const decode = new EncryptionCodec(ring(keyText('k1')), true).decode([encoded!]);

    await expect(decode).rejects.toThrow(UnknownKeyError);
  });
});
