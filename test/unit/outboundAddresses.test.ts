import { describe, expect, it } from 'vitest';
import { ipv6Groups, isAllowedHost, nonPublicAddress, parseAllowHosts, urlProblem } from '../../server/sources/addresses.ts';
import { LoginLimiter } from '../../server/auth/loginLimiter.ts';

// The address rules of server/sources/addresses.ts (what the link check may open and what a catalog
// URL may name), and the sign-in limiter's take-before-check, without any network.

describe('nonPublicAddress', () => {
  it('refuses every special-purpose IPv4 range, at both ends', () => {
    for (const address of [
      '0.0.0.0', '0.255.255.255', '10.0.0.0', '10.255.255.255', '100.64.0.0', '100.127.255.255', '127.0.0.1', '127.255.255.255',
      '169.254.0.1', '169.254.169.254', '172.16.0.0', '172.31.255.255', '192.0.0.8', '192.0.2.1', '192.88.99.1', '192.168.0.1',
      '192.168.255.255', '198.18.0.1', '198.19.255.255', '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
    ]) {
      expect(nonPublicAddress(address), address).not.toBeNull();
    }
    for (const address of ['1.1.1.1', '8.8.8.8', '9.255.255.255', '11.0.0.0', '100.63.255.255', '100.128.0.0', '126.255.255.255', '128.0.0.0', '169.253.255.255', '172.15.255.255', '172.32.0.0', '192.167.255.255', '198.17.255.255', '223.255.255.255']) {
      expect(nonPublicAddress(address), address).toBeNull();
    }
  });

  it('refuses non-global IPv6, and IPv4 hidden in mapped, NAT64 and 6to4 forms', () => {
    for (const address of [
      '::', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:10.0.0.1', '::127.0.0.1',
      '64:ff9b::7f00:1', '64:ff9b::10.0.0.1', '64:ff9b:1::1', '2002:7f00:1::1', '2002:c0a8:101::1', 'fc00::1', 'fdff:ffff::1', 'fe80::1',
      'febf::1', 'fec0::1', 'ff02::1', 'ff05::1:3', '100::1', '2001::1', '2001:db8::1', '2001:10::1', '3fff::1', 'fe80::1%eth0', '[::1]',
    ]) {
      expect(nonPublicAddress(address), address).not.toBeNull();
    }
    for (const address of ['2606:4700:4700::1111', '2a00:1450:4001:81c::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2001:4860::8888']) {
      expect(nonPublicAddress(address), address).toBeNull();
    }
    expect(nonPublicAddress('not-an-ip')).not.toBeNull();
    expect(ipv6Groups('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(ipv6Groups('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('urlProblem and SOURCE_FETCH_ALLOW_HOSTS', () => {
  it('judges the URL the parser sees: odd spellings of loopback, credentials, local names', () => {
    for (const url of [
      'http://0x7f000001/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://127.1/', 'http://localhost/', 'http://localhost./', 'http://a.b.localhost/',
      'http://printer.local/', 'http://metadata.google.internal/', 'http://router.home.arpa/', 'http://intranet/', 'http://user:pass@example.com/',
      'http://user@example.com/', 'http://[::ffff:127.0.0.1]/', 'http://0/', 'ftp://example.com/', 'file:///etc/passwd',
    ]) {
      expect(urlProblem(new URL(url), []), url).not.toBeNull();
    }
    for (const url of ['https://example.com/', 'https://arxiv.org/abs/2501.00001', 'http://93.184.216.34/', 'https://[2606:4700::1111]/', 'https://example.test/x']) {
      expect(urlProblem(new URL(url), []), url).toBeNull();
    }
  });

  it('allows a listed host (and port) only, and never credentials or other schemes', () => {
    const allow = parseAllowHosts(' 127.0.0.1:4010 , intranet.example, [::1]:8080 ');
    expect(allow).toEqual([
      { host: '127.0.0.1', port: '4010' },
      { host: 'intranet.example', port: null },
      { host: '::1', port: '8080' },
    ]);
    expect(urlProblem(new URL('http://127.0.0.1:4010/x'), allow)).toBeNull();
    expect(urlProblem(new URL('http://0x7f000001:4010/x'), allow)).toBeNull();
    expect(urlProblem(new URL('http://127.0.0.1:4011/x'), allow)).not.toBeNull();
    expect(urlProblem(new URL('http://127.0.0.1/x'), allow)).not.toBeNull();
    expect(urlProblem(new URL('https://intranet.example:8443/'), allow)).toBeNull();
    expect(urlProblem(new URL('http://[::1]:8080/'), allow)).toBeNull();
    expect(urlProblem(new URL('http://u:p@127.0.0.1:4010/'), allow)).not.toBeNull();
    expect(urlProblem(new URL('ftp://127.0.0.1:4010/'), allow)).not.toBeNull();
    expect(isAllowedHost(new URL('http://127.0.0.1:4010/'), [])).toBe(false);
    expect(() => parseAllowHosts('http://127.0.0.1:4010/')).toThrow(/SOURCE_FETCH_ALLOW_HOSTS/);
  });
});

describe('LoginLimiter', () => {
  it('takes attempts atomically: 12 at once get 5, and a locked address does not charge the accounts', async () => {
    const limiter = new LoginLimiter({ perAccount: 5, perAddress: 20, windowSeconds: 60, lockSeconds: 60 });
    const taken = await Promise.all(Array.from({ length: 12 }, () => limiter.take('a@x.test', '192.0.2.1')));
    expect(taken.filter((attempt) => attempt.allowed)).toHaveLength(5);
    expect(taken.filter((attempt) => attempt.allowed && attempt.lastForAccount)).toHaveLength(1);
    const refused = taken.find((attempt) => !attempt.allowed);
    expect(refused).toMatchObject({ allowed: false });
    // The 7 refused by the account did not use the address's allowance: 15 more accounts may try from it.
    for (let i = 0; i < 15; i++) expect((await limiter.take(`b${i}@x.test`, '192.0.2.1')).allowed).toBe(true);
    expect((await limiter.take('c@x.test', '192.0.2.1')).allowed).toBe(false);
    // c@x.test was refused by the address: it still has all 5 tries from elsewhere.
    for (let i = 0; i < 5; i++) expect((await limiter.take('c@x.test', `198.51.100.${i}`)).allowed).toBe(true);
    expect((await limiter.take('c@x.test', '198.51.100.9')).allowed).toBe(false);
  });

  it('gives an attempt that reached no verdict back to both keys (a database outage locks nobody out)', async () => {
    const limiter = new LoginLimiter({ perAccount: 2, perAddress: 2, windowSeconds: 60, lockSeconds: 60 });
    for (let i = 0; i < 5; i++) {
      expect((await limiter.take('d@x.test', '192.0.2.5')).allowed).toBe(true);
      await limiter.giveBack('d@x.test', '192.0.2.5');
    }
    expect((await limiter.take('d@x.test', '192.0.2.5')).allowed).toBe(true);
    expect((await limiter.take('d@x.test', '192.0.2.5')).allowed).toBe(true);
    expect((await limiter.take('d@x.test', '192.0.2.5')).allowed).toBe(false);
  });
});
