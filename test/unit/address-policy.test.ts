import { isPublicAddress, nonPublicRange } from '../../src/webhooks/address-policy';

describe('address policy', () => {
  describe('refused IPv4 addresses', () => {
    test.each([
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['10.0.0.5', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'carrier-grade-nat'],
      ['100.100.100.200', 'carrier-grade-nat'],
      ['169.254.0.1', 'link-local'],
      ['169.254.169.254', 'link-local'],
      ['192.0.0.192', 'reserved'],
      ['192.88.99.1', 'reserved'],
      ['240.0.0.1', 'reserved'],
      ['255.255.255.255', 'broadcast'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['192.0.2.10', 'documentation'],
      ['198.51.100.7', 'documentation'],
      ['203.0.113.99', 'documentation'],
      ['198.18.0.1', 'benchmarking'],
      ['198.19.255.255', 'benchmarking'],
    ])('%s is %s', (address, range) => {
      const verdict = nonPublicRange(address);

      expect(verdict).toBe(range);
    });
  });

  describe('refused IPv6 addresses', () => {
    test.each([
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['fe80::1', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['fc00::1', 'unique-local'],
      ['fd00:ec2::254', 'unique-local'],
      ['ff02::1', 'multicast'],
      ['2001:db8::1', 'documentation'],
      ['2001:db8::192.0.2.1', 'documentation'],
      ['3fff::1', 'documentation'],
      ['2001:2::1', 'benchmarking'],
      ['2001::1', 'reserved'],
      ['2002:7f00:1::1', 'reserved'],
      ['64:ff9b:1::a00:5', 'private'],
      ['::127.0.0.1', 'reserved'],
      ['fec0::1', 'reserved'],
      ['::ffff:0:10.0.0.5', 'reserved'],
      ['100::1', 'reserved'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::ffff:10.0.0.5', 'private'],
      ['::ffff:169.254.169.254', 'link-local'],
      ['64:ff9b::10.0.0.5', 'private'],
    ])('%s is %s', (address, range) => {
      const verdict = nonPublicRange(address);

      expect(verdict).toBe(range);
    });
  });

  describe('text that is not a strict IP address', () => {
    test.each(['localhost', '0177.0.0.1', '127.1', '2130706433', '0x7f.0.0.1', '', '[::1]'])(
      '%j is invalid',
      (text) => {
        const verdict = nonPublicRange(text);

        expect(verdict).toBe('invalid');
      },
    );
  });

  describe('public addresses', () => {
    test.each([
      '93.184.215.14',
      '8.8.8.8',
      '1.1.1.1',
      '100.63.255.255',
      '100.128.0.0',
      '172.15.255.255',
      '172.32.0.0',
      '169.253.255.255',
      '198.17.255.255',
      '198.20.0.0',
      '223.255.255.255',
      '2606:2800:220:1:248:1893:25c8:1946',
      '2a00:1450:4001:830::200e',
      '::ffff:93.184.215.14',
      '64:ff9b::8.8.8.8',
    ])('%s is public', (address) => {
      const verdict = isPublicAddress(address);

      expect(verdict).toBe(true);
    });
  });

  test('a refused address is not public', () => {
    const address = '169.254.169.254';

    const verdict = isPublicAddress(address);

    expect(verdict).toBe(false);
  });
});
