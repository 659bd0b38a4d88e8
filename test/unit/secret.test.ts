import { KeyRing } from '../../src/crypto/keys';
import { SecretBox } from '../../src/crypto/secret-box';
import { liveSecrets, newSecret, secretKey } from '../../src/webhooks/secret';

describe('newSecret', () => {
  test('a new secret is whsec_ followed by base64 of 32 bytes', () => {
    const secret = newSecret();

    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  test('two new secrets differ', () => {
    const first = newSecret();

    const second = newSecret();

    expect(second).not.toBe(first);
  });
});

describe('secretKey', () => {
  const key = Buffer.alloc(32, 7);

  test('the key of a whsec_ secret is its decoded base64', () => {
    const secret = `whsec_${key.toString('base64')}`;

    const result = secretKey(secret);

    expect(result).toEqual(key);
  });

  test('a secret without the whsec_ prefix gives the same key', () => {
    const secret = key.toString('base64');

    const result = secretKey(secret);

    expect(result).toEqual(key);
  });
});

describe('liveSecrets', () => {
  const box = new SecretBox(new KeyRing([{ id: 'k1', key: Buffer.alloc(32, 1) }]));
  const retired = new SecretBox(new KeyRing([{ id: 'old', key: Buffer.alloc(32, 2) }]));
  const now = new Date('2026-01-02T00:00:00.000Z');
  const [current, previous] = [newSecret(), newSecret()];

  test('within the rotation window both secrets are opened, the current one first', () => {
    const holder = {
      secret: box.seal(current),
      previousSecret: box.seal(previous),
      previousSecretExpiresAt: '2026-01-02T12:00:00.000Z',
    };

    expect(liveSecrets(holder, now, box)).toEqual([current, previous]);
  });

  test('an expired previous secret is not even decrypted', () => {
    const holder = {
      secret: box.seal(current),
      previousSecret: retired.seal(previous),
      previousSecretExpiresAt: '2026-01-01T12:00:00.000Z',
    };

    expect(liveSecrets(holder, now, box)).toEqual([current]);
  });
});
