import { describe, expect, it } from 'vitest';
import { closestMatch, levenshtein } from './suggest.ts';

describe('levenshtein', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(levenshtein('replica', 'replicas')).toBe(1);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
  });
});

describe('closestMatch', () => {
  it('suggests the nearest candidate within two edits', () => {
    expect(closestMatch('replica', ['replicas', 'selector', 'template'])).toBe('replicas');
    expect(closestMatch('toFQDN', ['toFQDNs', 'toCIDR'])).toBe('toFQDNs');
  });

  it('suggests nothing when every candidate is too far away', () => {
    expect(closestMatch('banana', ['replicas', 'selector'])).toBeUndefined();
  });
});
