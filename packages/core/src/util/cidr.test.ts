import { describe, expect, it } from 'vitest';
import { cidrsOverlap, formatCidr, hasHostBits, type Ipv4Cidr, parseIpv4Cidr } from './cidr.ts';

function cidr(text: string): Ipv4Cidr {
  const r = parseIpv4Cidr(text);
  if (!r.ok) throw new Error(r.reason);
  return r.cidr;
}

describe('parseIpv4Cidr', () => {
  it('parses valid blocks', () => {
    expect(cidr('10.0.0.0/16')).toMatchObject({ prefix: 16, first: 0x0a000000, last: 0x0a00ffff });
    expect(cidr('0.0.0.0/0')).toMatchObject({ first: 0, last: 2 ** 32 - 1 });
    expect(cidr('255.255.255.255/32')).toMatchObject({ first: 2 ** 32 - 1, last: 2 ** 32 - 1 });
  });

  it.each([
    ['10.0.0.0', 'not of the form'],
    ['10.0.0/16', 'not of the form'],
    ['10.0.256.0/16', 'octet 256 is greater than 255'],
    ['10.0.0.0/33', 'prefix /33 is greater than 32'],
    ['10.01.0.0/16', 'leading zero'],
    [' 10.0.0.0/16', 'not of the form'],
  ])('rejects %s', (text, reason) => {
    const r = parseIpv4Cidr(text);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toContain(reason);
  });

  it('knows the network address', () => {
    expect(hasHostBits(cidr('10.16.1.0/16'))).toBe(true);
    expect(formatCidr(cidr('10.16.1.0/16'))).toBe('10.16.0.0/16');
    expect(hasHostBits(cidr('10.16.0.0/16'))).toBe(false);
  });
});

describe('cidrsOverlap', () => {
  it('detects containment and partial overlap, not adjacency', () => {
    expect(cidrsOverlap(cidr('10.0.0.0/16'), cidr('10.0.128.0/17'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.128.0/17'), cidr('10.0.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/8'), cidr('10.200.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/16'), cidr('10.1.0.0/16'))).toBe(false);
    expect(cidrsOverlap(cidr('10.0.255.255/32'), cidr('10.1.0.0/32'))).toBe(false);
  });
});
