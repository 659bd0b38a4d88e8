import { isAllowedHost } from '../../src/webhooks/allowed-hosts';
import {
  HostRefusedError,
  type LookupAll,
  resolvePublicAddresses,
} from '../../src/webhooks/public-host';

/** A resolver that answers the given addresses for any name. */
function answering(...addresses: string[]): LookupAll {
  return async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}

function failingWith(code: string): LookupAll {
  return async (hostname) => {
    throw Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code });
  };
}

describe('resolvePublicAddresses', () => {
  test('a host whose answers are all public resolves to all of them', async () => {
    const lookup = answering('93.184.215.14', '2606:2800:220:1:248:1893:25c8:1946');

    const addresses = await resolvePublicAddresses('hooks.example.com', lookup);

    expect(addresses.map((a) => a.address)).toEqual([
      '93.184.215.14',
      '2606:2800:220:1:248:1893:25c8:1946',
    ]);
  });

  test('one private answer among public ones refuses the host and names that answer', async () => {
    const lookup = answering('93.184.215.14', '10.0.0.5');

    const resolving = resolvePublicAddresses('hooks.example.com', lookup);

    await expect(resolving).rejects.toThrow(
      new HostRefusedError(
        'hooks.example.com',
        'resolves to a non-public address (10.0.0.5)',
        '10.0.0.5',
      ),
    );
    await expect(resolving).rejects.toMatchObject({ address: '10.0.0.5' });
  });

  test('an IPv6 metadata answer refuses the host', async () => {
    const lookup = answering('fd00:ec2::254');

    const resolving = resolvePublicAddresses('metadata.example.com', lookup);

    await expect(resolving).rejects.toMatchObject({
      reason: 'resolves to a non-public address (fd00:ec2::254)',
    });
  });

  test('a name that does not exist is refused as not resolving', async () => {
    const lookup = failingWith('ENOTFOUND');

    const resolving = resolvePublicAddresses('nowhere.example.com', lookup);

    await expect(resolving).rejects.toMatchObject({
      name: 'HostRefusedError',
      reason: 'does not resolve',
    });
  });

  test('an empty answer is refused as not resolving', async () => {
    const lookup = answering();

    const resolving = resolvePublicAddresses('empty.example.com', lookup);

    await expect(resolving).rejects.toMatchObject({ reason: 'does not resolve' });
  });

  test('a resolver that cannot answer now passes its error on, since it says nothing about the host', async () => {
    const lookup = failingWith('EAI_AGAIN');

    const resolving = resolvePublicAddresses('hooks.example.com', lookup);

    await expect(resolving).rejects.toMatchObject({ code: 'EAI_AGAIN' });
    await expect(resolving).rejects.not.toBeInstanceOf(HostRefusedError);
  });

  test('an IP literal in brackets is judged as it is, without asking the resolver', async () => {
    const lookup = jest.fn(answering('93.184.215.14'));

    const resolving = resolvePublicAddresses('[::1]', lookup);

    await expect(resolving).rejects.toMatchObject({
      reason: 'resolves to a non-public address (::1)',
    });
    expect(lookup).not.toHaveBeenCalled();
  });

  test('a public IP literal resolves to itself', async () => {
    const lookup = jest.fn(answering('10.0.0.5'));

    const addresses = await resolvePublicAddresses('93.184.215.14', lookup);

    expect(addresses).toEqual([{ address: '93.184.215.14', family: 4 }]);
    expect(lookup).not.toHaveBeenCalled();
  });
});

describe('isAllowedHost', () => {
  test.each([
    [['127.0.0.1'], '127.0.0.1', '4000', true],
    [['127.0.0.1'], '127.0.0.2', '', false],
    [['127.0.0.1:4000'], '127.0.0.1', '4000', true],
    [['127.0.0.1:4000'], '127.0.0.1', '4001', false],
    [['127.0.0.1:4000'], '127.0.0.1', '', false],
    [['hooks.internal'], 'HOOKS.internal.', '', true],
    [['hooks.internal'], 'evil-hooks.internal', '', false],
    [['hooks.internal'], 'hooks.internal.evil.com', '', false],
    [['::1'], '[::1]', '', true],
    [['[::1]'], '::1', '', true],
    [['[::1]:4000'], '[::1]', '4000', true],
    [[], 'localhost', '', false],
  ])('allow-list %j, host %s, port %j: %s', (allowedHosts, hostname, port, expected) => {
    const allowed = isAllowedHost(allowedHosts, hostname, port);

    expect(allowed).toBe(expected);
  });
});
