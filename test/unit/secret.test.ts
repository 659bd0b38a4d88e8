import { newSecret, secretKey } from '../../src/webhooks/secret';

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
