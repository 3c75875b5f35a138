import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './addresses.ts';

describe('MON-5: addresses a source may be read from', () => {
  it('MON-5: loopback, private, link-local, shared and reserved ranges are refused, in IPv4 and IPv6', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      'not an address',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('MON-5: public addresses are allowed', () => {
    for (const address of ['93.184.216.34', '151.101.0.81', '2606:4700:4700::1111', '::ffff:93.184.216.34'])
      expect(isPublicAddress(address), address).toBe(true);
  });
});
