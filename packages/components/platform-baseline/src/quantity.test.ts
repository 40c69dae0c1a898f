import { describe, expect, it } from 'vitest';
import { parseQuantity, scaleBinary, scaleCount, scaleCpu, scaleQuantity } from './quantity.ts';

describe('quantities', () => {
  it('parses cores, millicores and binary units into base units', () => {
    expect([parseQuantity('2'), parseQuantity('500m'), parseQuantity('1Gi'), parseQuantity('1.5Ki')]).toEqual(
      [2, 0.5, 2 ** 30, 1536],
    );
    expect(parseQuantity('50 GB')).toBeUndefined();
  });

  it('scales CPU cores and counts', () => {
    expect([scaleCpu('20', 2), scaleCpu('10', 0.25), scaleCpu('1.5', 1)]).toEqual(['40', '2.5', '1.5']);
    expect([scaleCount(50, 2), scaleCount(3, 0.5), scaleCount(1, 0.1, 1)]).toEqual([100, 2, 1]);
  });

  it('scales binary quantities, moving down a unit instead of writing fractions', () => {
    expect([scaleBinary('50Gi', 2), scaleBinary('25Gi', 0.5), scaleBinary('1Ti', 1.5)]).toEqual([
      '100Gi',
      '12800Mi',
      '1536Gi',
    ]);
    expect(scaleBinary('3Gi', 0.5, 'Gi')).toBe('2Gi');
    expect(() => scaleBinary('1.5Gi', 2)).toThrow(/not a binary quantity/);
  });

  it('scales any baseline quantity keeping its form', () => {
    expect([scaleQuantity('4', 2), scaleQuantity('500m', 1.5), scaleQuantity('8Gi', 2)]).toEqual([
      '8',
      '750m',
      '16Gi',
    ]);
  });
});
