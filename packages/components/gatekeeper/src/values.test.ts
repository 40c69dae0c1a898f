import type { Fleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLUSTERS, compute, loadDefaultFleet } from './__fixtures__/fleet.ts';

let by: ReturnType<typeof compute>['byCluster'];
let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
  const r = compute(fleet);
  expect(r.issues).toEqual([]);
  by = r.byCluster;
});
const each = <T>(f: (c: (typeof by)[string]) => T) => CLUSTERS.map((c) => f(by[c]!));

describe('gatekeeper values per environment', () => {
  it('denies in production (DR included), warns in staging and only audits (dryrun) in development', () => {
    expect(each((c) => c.chart.requiredLabels.enforcementAction)).toEqual(['dryrun', 'warn', 'deny', 'deny']);
  });

  it('scales the webhook per environment: 1, 2, 3 replicas, 2 on the DR standby, PDB leaving one pod to drain', () => {
    expect(each((c) => c.upstream.replicas)).toEqual([1, 2, 3, 2]);
    expect(each((c) => c.upstream.pdb.controllerManager.minAvailable)).toEqual([0, 1, 2, 1]);
    expect(each((c) => c.upstream.controllerManager.topologySpreadConstraints.length)).toEqual([0, 1, 1, 1]);
  });

  it('logs denials in production only and audits just the matched kinds', () => {
    expect(each((c) => c.upstream.logDenies)).toEqual([false, false, true, true]);
    expect(by['agentic-prod-usw2']!.upstream).toMatchObject({
      auditInterval: 60,
      auditChunkSize: 500,
      auditMatchKindOnly: true,
      auditFromCache: true,
      upgradeCRDs: { enabled: false },
    });
  });

  it('exempts kube-system and Argo CD at admission, and labels both namespaces so the webhook skips them', () => {
    const g = by['agentic-prod-usw2']!.upstream;
    expect(g.controllerManager.exemptNamespaces).toEqual(['kube-system', 'argocd']);
    expect(g.postInstall.labelNamespace.extraNamespaces).toEqual(['kube-system', 'argocd']);
    expect(by['agentic-prod-usw2']!.chart.requiredLabels.excludedNamespaces).toEqual([
      'kube-system',
      'kube-public',
      'gatekeeper-system',
    ]);
  });

  it('puts the same resources on both deployments and the cost labels on every Gatekeeper object', () => {
    const g = by['agentic-stg-usw2']!.upstream;
    const want = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '512Mi' } };
    expect([g.controllerManager.resources, g.audit.resources]).toEqual([want, want]);
    expect(g.commonLabels).toEqual({
      'cost-center': 'platform-engineering',
      layer: 'l00',
      environment: 'staging',
    });
  });

  it('installs after Cilium and the baseline', () => {
    expect(each((c) => c.wave)).toEqual([1, 1, 1, 1]);
  });
});
