import type { ComputedCluster, FleetSettings } from '@platform/core';
import type { K8sObject, RenderedFleet } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { diffRendered, fieldChanges, formatRenderedDiff } from './rendered-diff.ts';

const deploy = (replicas: number, image = 'app:1'): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { replicas, template: { spec: { containers: [{ name: 'web', image }] } } },
});
const cm = (name: string): K8sObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'shop' },
});

function fleet(objects: K8sObject[]): RenderedFleet {
  return {
    fleet: {} as FleetSettings,
    files: new Map(),
    clusters: [
      {
        cluster: 'c1',
        kubeVersion: '1.33',
        apiVersions: [],
        computed: {} as ComputedCluster,
        sources: [
          {
            cluster: 'c1',
            component: 'web',
            source: 'web',
            chart: 'web',
            version: '1',
            releaseName: 'web',
            namespace: 'shop',
            valuesFile: '',
            objects,
          },
        ],
      },
    ],
  };
}

describe('rendered diff', () => {
  it('lists added, removed and changed objects with the changed fields, grouped by cluster and component', () => {
    const changes = diffRendered(fleet([deploy(2), cm('old')]), fleet([deploy(3, 'app:2'), cm('new')]));
    expect(changes.map((c) => `${c.change} ${c.object}`)).toEqual([
      'changed apps/v1 Deployment shop/web',
      'added v1 ConfigMap shop/new',
      'removed v1 ConfigMap shop/old',
    ]);
    expect(changes[0]?.fields).toEqual([
      { path: 'spec.replicas', before: 2, after: 3 },
      { path: 'spec.template.spec.containers[0].image', before: 'app:1', after: 'app:2' },
    ]);
    const text = formatRenderedDiff(changes);
    expect(text).toContain('c1 / web\n  ~ apps/v1 Deployment shop/web  (web)\n      spec.replicas: 2 -> 3');
    expect(text).toContain('  + v1 ConfigMap shop/new');
    expect(text).toContain('1 added, 1 changed, 1 removed object(s)');
  });

  it('says so when nothing changed', () => {
    expect(diffRendered(fleet([deploy(2)]), fleet([deploy(2)]))).toEqual([]);
    expect(formatRenderedDiff([])).toBe('no change in the rendered objects');
  });

  it('reports fields that appear or disappear', () => {
    expect(fieldChanges({ a: 1 }, { b: { 'x.y': 2 } })).toEqual([
      { path: 'a', before: 1 },
      { path: 'b', after: { 'x.y': 2 } },
    ]);
  });
});
