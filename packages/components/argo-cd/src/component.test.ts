import { join, resolve } from 'node:path';
import { checkChart } from '@platform/chart-harness';
import cilium from '@platform/component-cilium';
import externalSecrets from '@platform/component-external-secrets';
import { computeFleet, type Fleet, loadFleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import argoCd, { type ArgoCdValues, type ChartValues } from './index.ts';

const root = resolve(import.meta.dirname, '../../../..');
let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadFleet(join(root, 'gitops'));
});

function computed(f: Fleet = fleet) {
  const { clusters, issues } = computeFleet(f, [cilium, externalSecrets, argoCd]);
  const by = Object.fromEntries(
    clusters.map((cc) => {
      const comp = cc.components.find((c) => c.definition.name === 'argo-cd')!;
      return [
        cc.context.cluster.name,
        {
          argo: comp.targets['argo-cd']!.values as ArgoCdValues,
          chart: comp.targets.chart!.values as ChartValues,
          wave: comp.wave,
        },
      ];
    }),
  );
  return { issues, by };
}

describe('argo-cd values', () => {
  it('computes valid values for every cluster, after external-secrets', () => {
    const { issues, by } = computed();
    expect(issues).toEqual([]);
    expect(by['agentic-prod-usw2']!.wave).toBe(2);
  });

  it('is HA with redis-ha in production (C12 minimums) and single-replica with plain redis in development', () => {
    const { by } = computed();
    const prod = by['agentic-prod-usw2']!.argo;
    const dev = by['agentic-dev-usw2']!.argo;
    expect([
      prod.server.replicas,
      prod.repoServer.replicas,
      prod.controller.replicas,
      prod['redis-ha'].enabled,
      prod.redis.enabled,
    ]).toEqual([3, 3, 3, true, false]);
    expect([
      dev.server.replicas,
      dev.repoServer.replicas,
      dev['redis-ha'].enabled,
      dev.server.pdb.enabled,
    ]).toEqual([1, 1, false, false]);
  });

  it('enables Progressive Syncs and the Application health assessment the generated install order relies on', () => {
    const a = computed().by['agentic-stg-usw2']!.argo;
    expect(a.configs.params['applicationsetcontroller.enable.progressive.syncs']).toBe(true);
    expect(a.configs.cm['resource.customizations.health.argoproj.io_Application']).toMatch(
      /obj\.status\.health\.status/,
    );
  });

  it('has the catalog triggers with their exact conditions and colours, plus out-of-sync for an hour', () => {
    const n = computed().by['agentic-prod-usw2']!.argo.notifications;
    const when = (t: string) => (parse(n.triggers[`trigger.${t}`]!) as { when: string }[])[0]!.when;
    expect(when('on-deployed')).toContain(
      "app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'",
    );
    expect(when('on-health-degraded')).toBe("app.status.health.status == 'Degraded'");
    expect(when('on-sync-failed')).toContain("app.status.operationState.phase in ['Error', 'Failed']");
    expect(when('on-out-of-sync-1h')).toMatch(/OutOfSync.*Hours\(\) >= 1/);
    expect(n.templates['template.app-deployed']).toContain('#18be52');
    expect(n.templates['template.app-sync-failed']).toContain('#E96D76');
    expect(n.templates['template.app-health-degraded']).toContain('#f4c030');
    expect(n.secret.create).toBe(false);
    expect(JSON.stringify(n)).not.toMatch(/xox[abprs]-/);
  });

  it('fails when production would drop below the C12 minimums', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-prod-usw2'
          ? { ...c, components: { 'argo-cd': { values: { 'argo-cd': { server: { replicas: 2 } } } } } }
          : c,
      ),
    };
    expect(computed(f).issues).toEqual([
      expect.objectContaining({
        code: 'rule:production-ha-minimums',
        path: 'argo-cd.server.replicas',
        found: '2',
      }),
    ]);
  });
});

describe('charts/argo-cd rendered with the real helm', () => {
  it('renders only an external-secrets.io/v1 ExternalSecret for the notification credentials', async () => {
    const scenarios = Object.entries(computed().by).map(([name, v]) => ({
      name,
      values: v.chart,
      namespace: 'argocd',
    }));
    const result = await checkChart(join(root, 'charts/argo-cd'), scenarios);
    expect(result.findings).toEqual([]);
    const objs = result.objects.get('agentic-prod-usw2')!;
    expect(objs.map((o) => `${o.manifest.apiVersion} ${o.manifest.kind}`)).toEqual([
      'external-secrets.io/v1 ExternalSecret',
    ]);
    expect((objs[0]!.manifest.spec as { target: { name: string } }).target.name).toBe(
      'argocd-notifications-secret',
    );
  });
});
