import { resolve } from 'node:path';
import { type CrdSchema, crdProblems, crdSchema, upstreamCrds } from '@platform/chart-harness';
import argoCd from '@platform/component-argo-cd';
import { cachedChartPath, chartCacheDir } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { input } from './__fixtures__/input.ts';
import { emitTree } from './emit.ts';

/**
 * Cross-check against the CRDs of the Argo CD the fleet installs: rendered from the argo-cd
 * chart pinned by the argo-cd component, out of the chart cache (`pnpm charts:pull`). Unknown
 * fields are rejected wherever the CRD lists properties, as `kubectl --validate=strict` does.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const PIN = argoCd.upstreamCharts.find((u) => u.chart === 'argo-cd')!;
const KINDS = ['Application', 'ApplicationSet', 'AppProject'];

// loaded in each test, so a missing chart fails every test with the command to run
let schemas: Promise<Record<string, CrdSchema>> | undefined;
const loadSchemas = () =>
  (schemas ??= upstreamCrds(cachedChartPath(chartCacheDir(ROOT), PIN.chart, PIN.version), {
    namespace: 'argocd',
  }).then((crds) =>
    Object.fromEntries(
      KINDS.map((kind) => {
        const schema = crdSchema(crds, kind, 'v1alpha1');
        if (!schema) throw new Error(`argo-cd ${PIN.version} renders no ${kind} v1alpha1 CRD`);
        return [kind, schema];
      }),
    ),
  ));

type Obj = Record<string, any>;

describe(`emitted Argo CD objects against the CRDs of the argo-cd chart ${PIN.version}`, () => {
  const tree = emitTree(input());
  const objects = [...tree]
    .filter(([p]) => /^(bootstrap|clusters\/[^/]+\/apps)\//.test(p))
    .flatMap(([p, c]) => parseAllDocuments(c).map((d) => ({ p, o: d.toJSON() as Obj })));

  it('validates every Application, ApplicationSet and AppProject with unknown fields rejected', async () => {
    const byKind = await loadSchemas();
    expect(objects.length).toBeGreaterThan(0);
    expect(new Set(objects.map(({ o }) => o.kind))).toEqual(new Set(KINDS));
    for (const { p, o } of objects) expect(crdProblems(byKind[o.kind]!, o), p).toEqual([]);
  });

  it('rejects a misspelled field (the check can fail)', async () => {
    const byKind = await loadSchemas();
    const appset = objects.find(({ o }) => o.kind === 'ApplicationSet')!.o;
    expect(
      crdProblems(byKind.ApplicationSet!, { ...appset, spec: { ...appset.spec, goTemplat: true } }),
    ).toEqual(['spec.goTemplat: unknown field']);
  });
});
