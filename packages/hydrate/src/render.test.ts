import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComputedCluster, FleetSettings } from '@platform/core';
import { ValidationError } from '@platform/errors';
import { beforeAll, describe, expect, it } from 'vitest';
import { crdChart, helm, helmRepository, probeChart, widgetChart } from './__fixtures__/charts.ts';
import { pullCharts } from './charts.ts';
import { renderedFiles } from './output.ts';
import { renderFleet } from './render.ts';

const GIT = 'https://git.example.com/gitops.git';

function element(component: string, namespace: string, sources: object[]) {
  return { component, namespace, sources };
}

function appSet(cluster: string, elements: object[]): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: cluster, namespace: 'argocd' },
    spec: {
      goTemplate: true,
      generators: [{ list: { elements } }],
      template: {
        metadata: { name: `${cluster}-{{ .component }}` },
        spec: {
          project: cluster,
          destination: { server: 'https://kubernetes.default.svc', namespace: '{{ .namespace }}' },
        },
      },
      templatePatch: 'spec:\n  sources: {{ toJson .sources }}\n',
    },
  });
}

const upstream = (chart: string, version: string, release: string, values: string) => ({
  repoURL: 'https://charts.example.com',
  chart,
  targetRevision: version,
  helm: { releaseName: release, valueFiles: [`$values/${values}`] },
});

/** A two-cluster tree: CRDs, a chart that renders a Widget only where the CRD is served, and our chart. */
function tree(greeting = 'hi from c1'): Map<string, string> {
  const files = new Map<string, string>();
  for (const c of ['c1', 'c2']) {
    const v = (comp: string, t: string) => `clusters/${c}/components/${comp}/values-${t}.yaml`;
    const elements = [
      element('widgets', 'widgets', [upstream('widget', '2.0.0', 'widget', v('widgets', 'widget'))]),
      element('probe', 'probe-ns', [
        upstream('probe', '1.2.3', 'probe', v('probe', 'probe')),
        {
          repoURL: GIT,
          targetRevision: 'main',
          path: 'charts/own',
          helm: { releaseName: 'probe-config', valueFiles: [`$values/${v('probe', 'config')}`] },
        },
        { repoURL: GIT, targetRevision: 'main', ref: 'values' },
      ]),
    ];
    if (c === 'c1')
      elements.unshift(
        element('crds', 'kube-system', [
          upstream('widgets-crds', '1.0.0', 'crds', v('crds', 'widgets-crds')),
        ]),
      );
    files.set(`clusters/${c}/apps/applicationset.yaml`, appSet(c, elements));
    files.set(v('widgets', 'widget'), '{}\n');
    files.set(v('crds', 'widgets-crds'), '{}\n');
    files.set(v('probe', 'probe'), `greeting: ${c === 'c1' ? greeting : 'hi from c2'}\n`);
    files.set(v('probe', 'config'), 'greeting: ours\n');
  }
  for (const [p, c] of Object.entries(probeChart('own', '0.1.0'))) files.set(`charts/own/${p}`, c);
  return files;
}

const cluster = (name: string, kubernetesVersion: string) =>
  ({ context: { cluster: { name, kubernetesVersion } }, components: [] }) as unknown as ComputedCluster;
const clusters = [cluster('c1', '1.33.0'), cluster('c2', '1.31.0')];
const fleet = {} as FleetSettings;

describe('renderFleet', () => {
  let chartCacheDir: string;
  beforeAll(async () => {
    chartCacheDir = mkdtempSync(join(tmpdir(), 'hydrate-cache-'));
    const repo = helmRepository([probeChart('probe', '1.2.3'), crdChart, widgetChart]);
    const pins = [
      ['probe', '1.2.3'],
      ['widgets-crds', '1.0.0'],
      ['widget', '2.0.0'],
    ].map(([chart, version]) => ({
      repoURL: 'x',
      chart: chart as string,
      version: version as string,
      components: ['t'],
    }));
    await pullCharts(pins, { cacheDir: chartCacheDir, helmBin: helm(), mirror: repo });
  });
  const options = (renderCacheDir: string, files = tree()) => ({
    files,
    clusters,
    fleet,
    helmBin: helm(),
    chartCacheDir,
    renderCacheDir,
  });

  it('renders every source with the release name, destination namespace, Kubernetes version and values files', async () => {
    const { rendered } = await renderFleet(options(mkdtempSync(join(tmpdir(), 'hydrate-renders-'))));
    const c1 = rendered.clusters.find((c) => c.cluster === 'c1')!;
    const probe = c1.sources.find((s) => s.component === 'probe' && s.source === 'probe')!;
    expect(probe).toMatchObject({
      chart: 'probe',
      version: '1.2.3',
      releaseName: 'probe',
      namespace: 'probe-ns',
    });
    expect(probe.objects[0]).toMatchObject({
      kind: 'ConfigMap',
      metadata: { name: 'probe-probe' },
      data: { release: 'probe', namespace: 'probe-ns', kube: 'v1.33.0', greeting: 'hi from c1' },
    });
    const own = c1.sources.find((s) => s.source === 'config')!;
    expect(own).toMatchObject({
      chart: 'own',
      releaseName: 'probe-config',
      valuesFile: 'clusters/c1/components/probe/values-config.yaml',
    });
    expect(own.objects[0]).toMatchObject({ data: { greeting: 'ours', release: 'probe-config' } });
    const c2 = rendered.clusters.find((c) => c.cluster === 'c2')!;
    expect(c2.sources.find((s) => s.source === 'probe')?.objects[0]).toMatchObject({
      data: { kube: 'v1.31.0' },
    });
  });

  it('passes the API versions of the CRDs a cluster installs, and only that cluster', async () => {
    const { rendered } = await renderFleet(options(mkdtempSync(join(tmpdir(), 'hydrate-renders-'))));
    const widget = (c: string) =>
      rendered.clusters.find((x) => x.cluster === c)!.sources.find((s) => s.component === 'widgets')!.objects;
    expect(widget('c1').map((o) => `${o.apiVersion} ${o.kind}`)).toEqual(['example.com/v1 Widget']);
    expect(widget('c2')).toEqual([]);
    expect(rendered.clusters[0]?.apiVersions).toEqual(['example.com/v1', 'example.com/v1/Widget']);
    // --include-crds: the CRD itself is part of the render, first
    const crds = rendered.clusters[0]!.sources.find((s) => s.component === 'crds')!.objects;
    expect(crds.map((o) => o.kind)).toEqual(['CustomResourceDefinition']);
  });

  it('renders nothing again when nothing changed, and only the changed source after a values change', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'hydrate-renders-'));
    const cold = await renderFleet(options(cache));
    expect(cold.stats.cached).toBe(0);
    const warm = await renderFleet(options(cache));
    expect(warm.stats.renders).toBe(0);
    expect(renderedFiles(warm.rendered, { name: 'g', version: '1' })).toEqual(
      renderedFiles(cold.rendered, { name: 'g', version: '1' }),
    );
    const changed = await renderFleet(options(cache, tree('changed')));
    expect(changed.stats.renders).toBe(1);
    const probe = changed.rendered.clusters[0]!.sources.find((s) => s.source === 'probe')!;
    expect(probe.objects[0]).toMatchObject({ data: { greeting: 'changed' } });
  });

  it('reports a render helm refuses as an issue naming the cluster, component and values file', async () => {
    const files = tree();
    files.set('charts/own/templates/fail.yaml', '{{ fail "refused by the chart" }}\n');
    const error = await renderFleet(options(mkdtempSync(join(tmpdir(), 'hydrate-renders-')), files)).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((i) => `${i.cluster}/${i.component} ${i.file}`)).toEqual([
      'c1/probe clusters/c1/components/probe/values-config.yaml',
      'c2/probe clusters/c2/components/probe/values-config.yaml',
    ]);
    expect(issues[0]?.message).toMatch(
      /own@0\.1\.0 \(release probe-config, namespace probe-ns\).*refused by the chart/,
    );
  });

  it('stops with the command to run when a pinned chart is not in the cache', async () => {
    const files = tree();
    files.set(
      'clusters/c2/apps/applicationset.yaml',
      appSet('c2', [element('x', 'x', [upstream('absent', '0.0.1', 'x', 'v.yaml')])]),
    );
    await expect(
      renderFleet(options(mkdtempSync(join(tmpdir(), 'hydrate-renders-')), files)),
    ).rejects.toThrow(/absent@0\.0\.1 \(x\).*Run "pnpm charts:pull"/);
  });
});
