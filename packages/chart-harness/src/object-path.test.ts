import { describe, expect, it } from 'vitest';
import { formatPath, pointerToSegments } from './object-path.ts';

describe('formatPath', () => {
  it('joins property names with dots and indexes with brackets', () => {
    expect(formatPath(['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe(
      'spec.template.spec.containers[0].image',
    );
  });

  it('quotes keys that are not plain identifiers', () => {
    expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe(
      'metadata.labels["app.kubernetes.io/name"]',
    );
    expect(formatPath(['metadata', 'labels', 'cost-center'])).toBe('metadata.labels.cost-center');
  });
});

describe('pointerToSegments', () => {
  it('reads array indexes from the value and unescapes pointer tokens', () => {
    const value = { spec: { containers: [{ name: 'a' }] }, data: { '0': { 'a/b': 1 } } };
    expect(pointerToSegments('/spec/containers/0/name', value)).toEqual(['spec', 'containers', 0, 'name']);
    expect(pointerToSegments('/data/0/a~1b', value)).toEqual(['data', '0', 'a/b']);
  });
});
