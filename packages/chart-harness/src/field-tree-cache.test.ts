import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@platform/hydrate';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheKey, clearFieldTreeMemory, fieldTreeCacheDir, getFieldTrees } from './field-tree-cache.ts';
import { locateModel, type ModelLocation } from './model-registry.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'field-trees-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function location(apiVersion: string, kind: string): ModelLocation {
  const found = locateModel(apiVersion, kind);
  if (found === undefined) throw new Error(`no model for ${apiVersion} ${kind}`);
  return found;
}

describe('getFieldTrees', () => {
  it('keeps the disk cache under the workspace node_modules/.cache, per format version', () => {
    expect(fieldTreeCacheDir()).toBe(
      join(findWorkspaceRoot() ?? '', 'node_modules', '.cache', 'chart-harness', 'field-trees', 'v2'),
    );
  });

  it('keys each tree by package versions, group, version and kind', () => {
    expect(cacheKey(location('apps/v1', 'Deployment'))).toMatch(
      /^kubernetes-models@[\d.]+\+apimachinery@[\d.]+\/apps\/v1\/Deployment$/,
    );
    expect(cacheKey(location('argoproj.io/v1alpha1', 'Application'))).toMatch(
      /^@kubernetes-models__argo-cd@[\d.]+\+apimachinery@[\d.]+\/argoproj\.io\/v1alpha1\/Application$/,
    );
    expect(cacheKey(location('v1', 'Pod'))).toMatch(/\/core\/v1\/Pod$/);
  });

  it('builds trees once, writes them to disk and reads them back when memory is cleared', async () => {
    const dir = tempDir();
    const service = location('v1', 'Service');
    const file = join(dir, `${cacheKey(service)}.json`);
    clearFieldTreeMemory();
    const built = (await getFieldTrees([service, service], dir)).get(cacheKey(service));
    expect(built?.nodes.length).toBeGreaterThan(1);
    expect(existsSync(file)).toBe(true);

    // a tree on disk is used as it is: prove it by planting a recognisable one
    writeFileSync(file, JSON.stringify({ root: 0, nodes: [{ fields: { planted: -2 } }] }));
    clearFieldTreeMemory();
    const fromDisk = (await getFieldTrees([service], dir)).get(cacheKey(service));
    expect(fromDisk?.nodes[0]?.fields).toEqual({ planted: -2 });
  });

  it('rebuilds a tree whose cache file is corrupt', async () => {
    const dir = tempDir();
    const configMap = location('v1', 'ConfigMap');
    const file = join(dir, `${cacheKey(configMap)}.json`);
    clearFieldTreeMemory();
    await getFieldTrees([configMap], dir);
    writeFileSync(file, '{"root": 0, "nod');
    clearFieldTreeMemory();
    const rebuilt = (await getFieldTrees([configMap], dir)).get(cacheKey(configMap));
    expect(Object.keys(rebuilt?.nodes[rebuilt.root]?.fields ?? {})).toContain('data');
    expect(JSON.parse(readFileSync(file, 'utf8')).root).toBe(rebuilt?.root);
  });
});
