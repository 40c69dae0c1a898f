import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { locateHelm } from '@platform/chart-harness';
import type { K8sObject, RenderedFleet, RenderedSource } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { gatorFleet } from './index.ts';

const root = resolve(import.meta.dirname, '../../..');

function render(valuesFile: string): K8sObject[] {
  const out = execFileSync(
    locateHelm(),
    [
      'template',
      'gatekeeper-policies',
      join(root, 'charts/gatekeeper'),
      '--namespace',
      'gatekeeper-system',
      '-f',
      valuesFile,
    ],
    { encoding: 'utf8' },
  );
  return parseAllDocuments(out)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

const source = (component: string, namespace: string, objects: K8sObject[]): RenderedSource => ({
  cluster: 'c1',
  component,
  source: 'upstream',
  chart: component,
  version: '1.0.0',
  releaseName: component,
  namespace,
  valuesFile: `clusters/c1/${component}/values.yaml`,
  objects,
});

const deployment = (name: string, namespace?: string, labels: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels, ...(namespace ? { namespace } : {}) },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx:1.27' }] } },
  },
});

const fleetWith = (valuesFile: string) =>
  ({
    fleet: {},
    files: new Map(),
    clusters: [
      {
        cluster: 'c1',
        kubeVersion: '1.33',
        apiVersions: [],
        computed: {},
        sources: [
          source('gatekeeper', 'gatekeeper-system', render(valuesFile)),
          // no namespace in the render: Argo CD applies it into the destination namespace
          source('cert-manager', 'cert-manager', [deployment('cert-manager')]),
          source('coredns', 'kube-system', [deployment('coredns')]),
          source('web', 'web', [
            deployment('web', 'web', { 'cost-center': 'web', layer: 'l40', environment: 'production' }),
            { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } },
          ]),
        ],
      },
    ],
  }) as unknown as RenderedFleet;

describe('gatorFleet', () => {
  it('reports what a deny constraint refuses, in the namespace Argo CD applies it to', async () => {
    const issues = await gatorFleet(
      fleetWith(join(root, 'charts/gatekeeper/ci/agentic-prod-usw2-values.yaml')),
    );
    expect(issues.map((i) => [i.code, i.component, i.object])).toEqual([
      ['gatekeeper-deny', 'cert-manager', 'apps/v1 Deployment cert-manager/cert-manager'],
      ['gatekeeper-deny', 'web', 'v1 Namespace web'],
    ]);
    expect(issues[0]).toMatchObject({ cluster: 'c1', file: 'clusters/c1/cert-manager/values.yaml' });
    expect(issues[0]?.message).toMatch(
      /^Gatekeeper K8sRequiredLabels require-cost-labels \(deny\) refuses it: Deployment cert-manager is missing the required labels/,
    );
  });

  it('reports dryrun violations only when asked', async () => {
    const dev = fleetWith(join(root, 'charts/gatekeeper/ci/agentic-dev-usw2-values.yaml'));
    expect(await gatorFleet(dev)).toEqual([]);
    const all = await gatorFleet(dev, { actions: ['deny', 'warn', 'dryrun'] });
    expect(all.map((i) => [i.code, i.object])).toEqual([
      ['gatekeeper-dryrun', 'apps/v1 Deployment cert-manager/cert-manager'],
      ['gatekeeper-dryrun', 'v1 Namespace web'],
    ]);
  });
});
