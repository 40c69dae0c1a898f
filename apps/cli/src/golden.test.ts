import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceRoot } from './__fixtures__/workspace.ts';
import { GOLDEN_DIR, HUB_FIXTURE_DIR, HUB_GOLDEN_DIR } from './gen-files.ts';
import { generate } from './generate.ts';
import { readTree } from './tree-io.ts';

describe('golden tree of the default fleet', () => {
  it('matches apps/cli/src/__golden__/default-fleet (run "pnpm gen:files" to update after a reviewed change)', async () => {
    const gen = await generate({ root: workspaceRoot, inventoryDir: join(workspaceRoot, 'gitops') });
    const expected = new Map([...gen.files].filter(([p]) => !p.startsWith('charts/')));
    const golden = readTree(join(workspaceRoot, GOLDEN_DIR));
    expect([...golden.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [p, content] of expected) expect(golden.get(p), p).toBe(content);
  });

  it('matches apps/cli/src/__golden__/hub-fleet for the hub topology (run "pnpm gen:files" to update)', async () => {
    const gen = await generate({ root: workspaceRoot, inventoryDir: join(workspaceRoot, HUB_FIXTURE_DIR) });
    const expected = new Map([...gen.files].filter(([p]) => !p.startsWith('charts/')));
    const golden = readTree(join(workspaceRoot, HUB_GOLDEN_DIR));
    expect([...golden.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [p, content] of expected) expect(golden.get(p), p).toBe(content);
    // the argo-cd component only on the hub; a registration for every spoke
    expect([...expected.keys()].filter((p) => p.includes('/components/argo-cd/values-argo-cd'))).toEqual([
      'clusters/agentic-prod-usw2/components/argo-cd/values-argo-cd.yaml',
    ]);
    expect([...expected.keys()].filter((p) => p.endsWith('cluster-secret.yaml'))).toEqual([
      'clusters/agentic-dev-usw2/apps/cluster-secret.yaml',
      'clusters/agentic-dr-use1/apps/cluster-secret.yaml',
      'clusters/agentic-stg-usw2/apps/cluster-secret.yaml',
    ]);
  });

  it('copies our charts into the tree byte for byte, without their test scenarios', async () => {
    const gen = await generate({ root: workspaceRoot, inventoryDir: join(workspaceRoot, 'gitops') });
    const chart = readTree(join(workspaceRoot, 'charts/cilium'));
    for (const [p, c] of chart) {
      if (p.startsWith('ci/') || p.startsWith('.test-results/'))
        expect(gen.files.has(`charts/cilium/${p}`)).toBe(false);
      else expect(gen.files.get(`charts/cilium/${p}`), p).toBe(c);
    }
  });
});

describe('the default fleet tree as Argo CD and Kubernetes see it', () => {
  it('has only Argo CD objects that pass the harness (schemas, unknown fields, served APIs)', async () => {
    const { checkObjects } = await import('@platform/chart-harness');
    const { parseAllDocuments } = await import('yaml');
    const gen = await generate({ root: workspaceRoot, inventoryDir: join(workspaceRoot, 'gitops') });
    const objects = [...gen.files]
      .filter(([p]) => /^(bootstrap|clusters\/[^/]+\/apps)\//.test(p))
      .flatMap(([p, c]) => parseAllDocuments(c).map((d) => ({ source: p, manifest: d.toJSON() })));
    // per cluster: bootstrap AppProject and root Application, the AppProject, the ApplicationSet
    expect(objects.length).toBe(gen.clusters.length * 4);
    expect(await checkObjects(objects as never, { scenario: 'default-fleet', ownWorkloads: false })).toEqual(
      [],
    );
  });
});
