import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OpenApiCacheMissingError } from '../errors.ts';
import { extractSpec } from './extract.ts';
import { builtinSpec } from './spec.ts';

const dir = mkdtempSync(join(tmpdir(), 'fleet-checks-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('builtinSpec', () => {
  it('fails with the command to run when the cache lacks the release', () => {
    expect(() => builtinSpec('1.33', dir)).toThrow(OpenApiCacheMissingError);
    expect(() => builtinSpec('1.33', dir)).toThrow(
      /not in .*v1\.33\.13\/openapi\.json; run `pnpm openapi:pull`/,
    );
  });

  it('fails for a Kubernetes minor with no pinned release', () => {
    expect(() => builtinSpec('1.19', dir)).toThrow(
      /no Kubernetes OpenAPI release is pinned for Kubernetes 1\.19/,
    );
  });
});

describe('extractSpec', () => {
  it('keeps schemas without descriptions and tells namespaced resources from cluster-scoped ones', () => {
    const specDir = join(dir, 'v3');
    mkdirSync(specDir);
    const gvk = (kind: string) => ({
      'x-kubernetes-group-version-kind': { group: 'scheduling.k8s.io', version: 'v1', kind },
    });
    writeFileSync(
      join(specDir, 'apis__scheduling.k8s.io__v1_openapi.json'),
      JSON.stringify({
        paths: {
          '/apis/scheduling.k8s.io/v1/priorityclasses': { post: gvk('PriorityClass') },
          '/apis/scheduling.k8s.io/v1/namespaces/{namespace}/widgets': { post: gvk('Widget') },
          '/apis/scheduling.k8s.io/v1/namespaces/{namespace}/widgets/{name}/status': { put: gvk('Scale') },
        },
        components: {
          schemas: {
            'io.k8s.api.scheduling.v1.PriorityClass': {
              description: 'drop me',
              type: 'object',
              properties: { description: { type: 'string', description: 'drop me too' } },
              'x-kubernetes-group-version-kind': [
                { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' },
              ],
            },
            'io.k8s.api.scheduling.v1.Widget': {
              type: 'object',
              'x-kubernetes-group-version-kind': [
                { group: 'scheduling.k8s.io', version: 'v1', kind: 'Widget' },
              ],
            },
          },
        },
      }),
    );
    const spec = extractSpec(specDir, 'v1.33.13', 'h1:x');
    expect(spec.resources).toEqual([
      {
        group: 'scheduling.k8s.io',
        version: 'v1',
        kind: 'PriorityClass',
        namespaced: false,
        schema: 'io.k8s.api.scheduling.v1.PriorityClass',
      },
      {
        group: 'scheduling.k8s.io',
        version: 'v1',
        kind: 'Widget',
        namespaced: true,
        schema: 'io.k8s.api.scheduling.v1.Widget',
      },
    ]);
    expect(spec.schemas['io.k8s.api.scheduling.v1.PriorityClass']).toEqual({
      type: 'object',
      properties: { description: { type: 'string' } },
    });
  });
});
