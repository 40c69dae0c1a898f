import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
  const dir = mkdtempSync(join(tmpdir(), 'crd-schema-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the schema of a kind and version in a multi-document CRD file, undefined when absent', () => {
    const file = join(dir, 'crds.yaml');
    const crd = (kind: string) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  names:\n    kind: ${kind}\n  versions:\n    - name: v1\n      schema:\n        openAPIV3Schema:\n          type: object\n          description: ${kind}\n`;
    writeFileSync(file, `${crd('Other')}---\n${crd('Wanted')}`);
    expect(crdSchema(file, 'Wanted', 'v1')).toEqual({ type: 'object', description: 'Wanted' });
    expect(crdSchema(file, 'Wanted', 'v2')).toBeUndefined();
    expect(crdSchema(join(dir, 'missing.yaml'), 'Wanted', 'v1')).toBeUndefined();
  });
});
