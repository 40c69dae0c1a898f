import { EXCLUDED_NAMESPACES } from '@platform/component-gatekeeper';
import { computeFleet, type Fleet } from '@platform/core';
import { formatIssue } from '@platform/errors';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS, kyvernoValuesByCluster, loadDefaultFleet, withOverride } from './__fixtures__/fleet.ts';
import { chartValues, kyvernoValues } from './index.ts';

let fleet: Fleet;
let byCluster: Map<string, Record<string, any>>;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
  byCluster = kyvernoValuesByCluster(fleet);
});
const chart = (c: string) => byCluster.get(c)!.chart;
const upstream = (c: string) => byCluster.get(c)!.kyverno;

describe('kyverno values of the default fleet', () => {
  it('computes valid values for every cluster', () => {
    expect([...byCluster.keys()].sort()).toEqual([
      'agentic-dev-usw2',
      'agentic-dr-use1',
      'agentic-prod-usw2',
      'agentic-stg-usw2',
    ]);
    for (const [, v] of byCluster) {
      expect(() => chartValues.parse(v.chart)).not.toThrow();
      expect(() => kyvernoValues.parse(v.kyverno)).not.toThrow();
    }
  });

  it("exempts Gatekeeper's namespaces, Argo CD's and its own, in the policies and the webhooks alike", () => {
    for (const c of byCluster.keys()) {
      const exempt = chart(c).exemptNamespaces as string[];
      expect(exempt).toEqual(['argocd', 'gatekeeper-system', 'kube-public', 'kube-system', 'kyverno']);
      for (const ns of EXCLUDED_NAMESPACES) expect(exempt).toContain(ns);
      expect(upstream(c).config.webhooks.namespaceSelector.matchExpressions).toEqual([
        { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: exempt },
      ]);
    }
  });

  it('enforces on org images in staging and production, audits in development; third-party always Audit', () => {
    const actions = (c: string) => [
      chart(c).signatures.failureAction,
      chart(c).vulnerabilities.orgFailureAction,
    ];
    expect(actions('agentic-prod-usw2')).toEqual(['Enforce', 'Enforce']);
    expect(actions('agentic-dr-use1')).toEqual(['Enforce', 'Enforce']);
    expect(actions('agentic-stg-usw2')).toEqual(['Enforce', 'Enforce']);
    expect(actions('agentic-dev-usw2')).toEqual(['Audit', 'Audit']);
    for (const c of byCluster.keys()) expect(chart(c).vulnerabilities.thirdPartyFailureAction).toBe('Audit');
  });

  it('runs 3 admission replicas with a PDB in production and tolerates the system taint', () => {
    expect(upstream('agentic-prod-usw2').admissionController).toMatchObject({
      replicas: 3,
      podDisruptionBudget: { enabled: true, minAvailable: 2 },
    });
    expect(upstream('agentic-dev-usw2').admissionController.replicas).toBe(1);
    expect(upstream('agentic-dev-usw2').global.tolerations).toEqual([
      { key: 'node-role', operator: 'Equal', value: 'system', effect: 'NoSchedule' },
    ]);
  });
});

describe('kyverno bad input', () => {
  const issuesOf = (values: Record<string, any>, cluster = 'agentic-prod-usw2') =>
    computeFleet(withOverride(fleet, cluster, values), COMPONENTS).issues;

  it('refuses Audit in production, naming cluster, component and both paths', () => {
    const issues = issuesOf({
      chart: { signatures: { failureAction: 'Audit' }, vulnerabilities: { orgFailureAction: 'Audit' } },
    });
    expect(issues.map((i) => i.path)).toEqual([
      'chart.signatures.failureAction',
      'chart.vulnerabilities.orgFailureAction',
    ]);
    expect(formatIssue(issues[0]!)).toMatch(
      /kyverno@agentic-prod-usw2: chart\.signatures\.failureAction: .*found Audit/,
    );
    expect(issuesOf({ chart: { signatures: { failureAction: 'Audit' } } }, 'agentic-dev-usw2')).toEqual([]);
  });

  it("refuses an exemption list that drops one of Gatekeeper's namespaces or differs from the webhooks'", () => {
    const issues = issuesOf({ chart: { exemptNamespaces: ['kube-system', 'kyverno'] } });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'chart.exemptNamespaces',
      'kyverno.config.webhooks.namespaceSelector.matchExpressions[0].values',
    ]);
    expect(issues.find((i) => i.path === 'chart.exemptNamespaces')?.found).toContain(
      'missing argocd, gatekeeper-system, kube-public',
    );
  });

  it('refuses a third-party gate that enforces and an org registry pattern matching every image', () => {
    const issues = issuesOf({
      chart: { vulnerabilities: { thirdPartyFailureAction: 'Enforce' }, orgRegistries: ['*/*'] },
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'chart.orgRegistries[0]',
      'chart.vulnerabilities.thirdPartyFailureAction',
    ]);
  });

  it('refuses a production admission controller below 3 replicas', () => {
    const issues = issuesOf({
      kyverno: { admissionController: { replicas: 2, podDisruptionBudget: { minAvailable: 1 } } },
    });
    expect(issues.map((i) => [i.path, i.expected])).toEqual([
      ['kyverno.admissionController.replicas', 'at least 3'],
    ]);
  });
});

describe('kyverno with the observability alerts', () => {
  it('names the signature policy the supply-chain alert reads (kyverno_policy_results_total)', async () => {
    const { SUPPLY_CHAIN_ALERTS } = await import('@platform/component-observability');
    expect(JSON.stringify(SUPPLY_CHAIN_ALERTS)).toContain('policy_name=\\"verify-image-signatures\\"');
  });
});
