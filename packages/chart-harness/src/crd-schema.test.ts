import { describe, expect, it } from 'vitest';
import { type CrdSchema, crdProblems, crdSchema } from './crd-schema.ts';

const SCHEMA: CrdSchema = {
  type: 'object',
  required: ['spec'],
  properties: {
    spec: {
      type: 'object',
      properties: {
        mode: { type: 'string', enum: ['STRICT', 'PERMISSIVE'] },
        name: { type: 'string', pattern: '^[a-z]+$' },
        replicas: { type: 'integer', minimum: 1, maximum: 3 },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', maxItems: 1, items: { type: 'string' } },
        note: { type: 'string', nullable: true },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

describe('crdProblems', () => {
  it('accepts a valid object, null where nullable and anything under preserve-unknown-fields', () => {
    expect(
      crdProblems(SCHEMA, {
        spec: {
          mode: 'STRICT',
          name: 'abc',
          replicas: 2,
          port: 'http',
          tags: ['a'],
          note: null,
          free: { x: 1 },
        },
      }),
    ).toEqual([]);
  });

  it('lists every problem with its dotted path', () => {
    expect(
      crdProblems(SCHEMA, {
        spec: { mode: 'OFF', name: 'A1', replicas: 4, port: 1.5, tags: ['a', 'b'], typo: 1 },
      }),
    ).toEqual([
      'spec.mode: "OFF" not in enum',
      'spec.name: "A1" does not match ^[a-z]+$',
      'spec.replicas: above 3',
      'spec.port: expected int or string',
      'spec.tags: too many items',
      'spec.typo: unknown field',
    ]);
    expect(crdProblems(SCHEMA, {})).toEqual(['(root): missing required spec']);
  });
});

describe('crdSchema', () => {
  const crd = (kind: string): Record<string, unknown> => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    spec: {
      names: { kind },
      versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', description: kind } } }],
    },
  });

  it('finds the schema of a kind and version among CRD objects, undefined when absent', () => {
    const crds = [crd('Other'), crd('Wanted')];
    expect(crdSchema(crds, 'Wanted', 'v1')).toEqual({ type: 'object', description: 'Wanted' });
    expect(crdSchema(crds, 'Wanted', 'v2')).toBeUndefined();
    expect(crdSchema(crds, 'Missing', 'v1')).toBeUndefined();
    expect(crdSchema([{ ...crd('Wanted'), kind: 'ConfigMap' }], 'Wanted', 'v1')).toBeUndefined();
  });
});
