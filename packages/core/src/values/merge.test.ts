import { describe, expect, it } from 'vitest';
import { getPath, joinPath, mergeWithProvenance, splitPath } from './merge.ts';
import type { ProvenanceMap } from './provenance.ts';

const d = { layer: 'defaults', source: 'component x' } as const;
const e = { layer: 'environment', source: 'gitops/environments/production.yaml' } as const;
const c = { layer: 'cluster', source: 'gitops/clusters/a.yaml' } as const;

describe('mergeWithProvenance', () => {
  it('merges objects deeply, replaces arrays and records which layer set each leaf', () => {
    const prov: ProvenanceMap = new Map();
    const v = {};
    mergeWithProvenance(v, { a: { b: 1, c: [1, 2] }, d: 'x' }, d, prov);
    mergeWithProvenance(v, { a: { b: 2, c: [3] } }, e, prov);
    mergeWithProvenance(v, { a: { e: true } }, c, prov);
    expect(v).toEqual({ a: { b: 2, c: [3], e: true }, d: 'x' });
    expect(prov.get('a.b')?.map((s) => s.layer)).toEqual(['defaults', 'environment']);
    expect(prov.get('a.c')?.map((s) => s.layer)).toEqual(['defaults', 'environment']);
    expect(prov.get('a.e')?.map((s) => s.layer)).toEqual(['cluster']);
    expect(prov.get('d')?.map((s) => s.layer)).toEqual(['defaults']);
  });

  it('deletes a key when an overlay sets it to null', () => {
    const prov: ProvenanceMap = new Map();
    const v = {};
    mergeWithProvenance(v, { a: { b: 1 }, k: 1 }, d, prov);
    mergeWithProvenance(v, { a: null }, c, prov);
    expect(v).toEqual({ k: 1 });
    expect(prov.has('a.b')).toBe(false);
  });

  it('does not share structure with the overlay', () => {
    const overlay = { a: { list: [1] } };
    const v = {};
    mergeWithProvenance(v, overlay, d, new Map());
    (v as { a: { list: number[] } }).a.list.push(2);
    expect(overlay.a.list).toEqual([1]);
  });
});

describe('paths', () => {
  it('quotes keys with dots and round-trips them', () => {
    const p = joinPath(joinPath('metadata', 'annotations'), 'eks.amazonaws.com/role-arn');
    expect(p).toBe('metadata.annotations["eks.amazonaws.com/role-arn"]');
    expect(splitPath(p)).toEqual(['metadata', 'annotations', 'eks.amazonaws.com/role-arn']);
    expect(getPath({ metadata: { annotations: { 'eks.amazonaws.com/role-arn': 'r' } } }, p)).toBe('r');
  });
});
