import { describe, expect, it } from 'vitest';
import { egressAllow } from '../inventory/schema.ts';
import { cluster, demo, fleet } from '../values/__fixtures__/fleet.ts';
import { computeFleet } from '../values/compute.ts';
import type { ComponentDefinition } from './component.ts';

/** A component that calls out: Vault of the cluster's region, and the Pod Identity role of its name. */
const caller = (name: string, enabled = true): ComponentDefinition => ({
  ...demo,
  name,
  namespace: name,
  enabledByDefault: () => enabled,
  egress: (ctx) => [
    {
      name: `${name}-vault`,
      namespace: name,
      fqdns: [new URL(ctx.region.vaultAddress).hostname],
      ports: [8200],
      purpose: 'Vault',
    },
  ],
});

const llm = {
  name: 'llm-providers',
  namespace: 'model-gateway',
  podLabels: { app: 'model-gateway' },
  fqdns: ['api.anthropic.com', 'bedrock-runtime.*.amazonaws.com'],
  ports: [443],
  purpose: 'LLM providers',
};

describe('the egress of a cluster', () => {
  it('collects what enabled components declare, their Pod Identity agent, then the inventory, with sources', () => {
    const f = fleet(
      [
        cluster('prod-a', 'production', {
          egress: [{ ...llm, name: 'partner-api', fqdns: ['api.partner.example'] }],
        }),
      ],
      { egress: [llm] },
    );
    const { clusters, issues } = computeFleet(f, [demo, caller('external-secrets'), caller('velero', false)]);
    expect(issues).toEqual([]);
    const egress = clusters[0]!.context.egress!;
    expect(egress.map((e) => [e.name, e.source])).toEqual([
      ['external-secrets-vault', 'component external-secrets'],
      ['external-secrets-pod-identity', 'component external-secrets'],
      ['llm-providers', 'gitops/fleet.yaml'],
      ['partner-api', 'gitops/clusters/prod-a.yaml'],
    ]);
    expect(egress[0]!.fqdns).toEqual(['vault.example.com']);
    expect(egress[1]).toMatchObject({
      podLabels: { 'io.cilium.k8s.policy.serviceaccount': 'external-secrets' },
      cidrs: ['169.254.170.23/32'],
      ports: [80],
      purpose: 'EKS Pod Identity agent (credentials of the role prod-a-external-secrets)',
    });
  });

  it('reports a name declared twice, naming the cluster and both sources', () => {
    const f = fleet([cluster('prod-a', 'production')], {
      egress: [{ ...llm, name: 'external-secrets-vault' }],
    });
    const { issues } = computeFleet(f, [demo, caller('external-secrets')]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'duplicate-egress',
        cluster: 'prod-a',
        file: 'gitops/fleet.yaml',
        found: 'external-secrets-vault',
        message:
          'egress external-secrets-vault is declared twice on this cluster: by component external-secrets and by gitops/fleet.yaml',
      }),
    ]);
  });

  it('reports an inventory allow in a namespace the policy never restricts', () => {
    const f = fleet([cluster('prod-a', 'production', { egress: [{ ...llm, namespace: 'kube-system' }] })]);
    const { issues } = computeFleet(f, [demo]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'egress-unrestricted-namespace',
        cluster: 'prod-a',
        file: 'gitops/clusters/prod-a.yaml',
        path: 'egress[0].namespace',
        found: 'kube-system',
      }),
    ]);
  });

  it('accepts DNS names with wildcards and rejects an entry with no destination or a bad name', () => {
    expect(egressAllow.safeParse(llm).success).toBe(true);
    const none = egressAllow.safeParse({ ...llm, fqdns: undefined });
    expect(none.error?.issues.map((i) => i.message)).toEqual(['an egress allow needs fqdns or cidrs']);
    const bad = egressAllow.safeParse({ ...llm, fqdns: ['https://api.anthropic.com'] });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['fqdns.0']);
    expect(egressAllow.safeParse({ ...llm, fqdns: undefined, cidrs: ['203.0.113.0/24'] }).success).toBe(true);
    expect(egressAllow.safeParse({ ...llm, fqdns: undefined, cidrs: ['203.0.113.0'] }).success).toBe(false);
  });
});
