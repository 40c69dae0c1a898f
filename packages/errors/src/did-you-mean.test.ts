import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, didYouMeanHint, levenshtein } from './did-you-mean.ts';

describe('levenshtein', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('minSize', 'minSize')).toBe(0);
    expect(levenshtein('minSise', 'minSize')).toBe(1);
  });
});

describe('didYouMean', () => {
  const keys = ['name', 'instanceTypes', 'minSize', 'maxSize', 'capacityType'];

  it('suggests the closest key for a typo', () => {
    expect(didYouMean('minSise', keys)).toBe('Did you mean "minSize"?');
    expect(closestMatch('MAXSIZE', keys)).toBe('maxSize');
    expect(didYouMeanHint('capacitytype', keys)).toEqual({ hint: 'Did you mean "capacityType"?' });
  });

  it('suggests nothing when no key is close', () => {
    expect(didYouMean('owner', keys)).toBeUndefined();
    expect(didYouMeanHint('owner', keys)).toEqual({});
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('breaks ties by candidate order', () => {
    expect(closestMatch('ab', ['ac', 'ad'])).toBe('ac');
  });
});

describe('closestMatch for field names', () => {
  it('suggests a field whose only difference is case or a missing letter', () => {
    expect(closestMatch('EndpointSelector', ['endpointSelector', 'ingress'])).toBe('endpointSelector');
    expect(closestMatch('toFQDN', ['toFQDNs', 'toCIDR'])).toBe('toFQDNs');
  });
});
