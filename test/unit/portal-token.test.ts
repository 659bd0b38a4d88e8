import {
  createPortalToken,
  PortalTokenError,
  verifyPortalToken,
} from '../../src/portal/link-token';

const KEY = 'portal-key-for-unit-tests-0123456789abcdef';
const NOW = new Date('2026-12-04T12:00:00.000Z');
const IN_AN_HOUR = new Date('2026-12-04T13:00:00.000Z');

function problemOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof PortalTokenError) return error.problem;
    throw error;
  }
  return undefined;
}

/** The token with one of its dot-separated parts replaced. */
function withPart(token: string, index: number, part: string): string {
  const parts = token.split('.');
  parts[index] = part;
  return parts.join('.');
}

describe('portal tokens', () => {
  const token = createPortalToken(KEY, { subscriptionId: 'sub_a1', expiresAt: IN_AN_HOUR });

  test('a valid token grants its subscription until its expiry', () => {
    const grant = verifyPortalToken(KEY, token, NOW);

    expect(grant).toEqual({ subscriptionId: 'sub_a1', expiresAt: IN_AN_HOUR });
  });

  test('a token is URL-safe as it is', () => {
    expect(encodeURIComponent(token)).toBe(token);
  });

  test('two tokens for the same subscription and expiry differ', () => {
    const other = createPortalToken(KEY, { subscriptionId: 'sub_a1', expiresAt: IN_AN_HOUR });

    expect(other).not.toBe(token);
  });

  test('an expired token is refused as expired', () => {
    const later = new Date(IN_AN_HOUR.getTime() + 1000);

    expect(problemOf(() => verifyPortalToken(KEY, token, later))).toBe('expired');
  });

  test('a token is refused at the second of its expiry', () => {
    expect(problemOf(() => verifyPortalToken(KEY, token, IN_AN_HOUR))).toBe('expired');
  });

  test('security: a tampered signature is refused', () => {
    const signature = token.split('.')[4]!;
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);

    const tampered = withPart(token, 4, flipped);

    expect(problemOf(() => verifyPortalToken(KEY, tampered, NOW))).toBe('bad_signature');
  });

  test('security: another spelling of the signature’s last character is refused', () => {
    const signature = token.split('.')[4]!;
    const last = signature.at(-1)!;
    const respelled = signature.slice(0, -1) + (last === 'A' ? 'B' : 'A');

    const tampered = withPart(token, 4, respelled);

    expect(problemOf(() => verifyPortalToken(KEY, tampered, NOW))).toBe('bad_signature');
  });

  test('security: a token with another subscription id is refused', () => {
    const tampered = withPart(token, 1, 'sub_b2');

    expect(problemOf(() => verifyPortalToken(KEY, tampered, NOW))).toBe('bad_signature');
  });

  test('security: a token with a later expiry is refused', () => {
    const later = String(Math.floor(IN_AN_HOUR.getTime() / 1000) + 86_400);

    const tampered = withPart(token, 2, later);

    expect(problemOf(() => verifyPortalToken(KEY, tampered, NOW))).toBe('bad_signature');
  });

  test('security: a token signed with another key is refused', () => {
    const foreign = createPortalToken(`${KEY}-other`, {
      subscriptionId: 'sub_a1',
      expiresAt: IN_AN_HOUR,
    });

    expect(problemOf(() => verifyPortalToken(KEY, foreign, NOW))).toBe('bad_signature');
  });

  test.each([
    ['empty', ''],
    ['one part', 'sub_a1'],
    ['a part too many', `${token}.x`],
    ['another version', withPart(token, 0, 'p2')],
    ['an expiry that is not a number', withPart(token, 2, 'soon')],
    ['a subscription id with a slash', withPart(token, 1, 'sub/a1')],
    ['a short signature', withPart(token, 4, 'abc')],
  ])('a token that is %s is refused as malformed', (_name, text) => {
    expect(problemOf(() => verifyPortalToken(KEY, text, NOW))).toBe('malformed');
  });
});
