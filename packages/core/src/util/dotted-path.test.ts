import { describe, expect, it } from 'vitest';
import { fromDottedPath, toDottedPath } from './dotted-path.ts';

describe('dotted paths', () => {
  it.each([
    [['nodePools', 0, 'minSize'], 'nodePools[0].minSize'],
    [['labels', 'cost-center'], 'labels.cost-center'],
    [['labels', 'app.kubernetes.io/name'], 'labels["app.kubernetes.io/name"]'],
    [['regions', 1, 'components', 'cilium', 'values'], 'regions[1].components.cilium.values'],
    [[], ''],
  ])('%j <-> %s', (segments, text) => {
    expect(toDottedPath(segments)).toBe(text);
    expect(fromDottedPath(text)).toEqual(segments);
  });
});
