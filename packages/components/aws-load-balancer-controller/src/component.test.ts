import { join, resolve } from 'node:path';
import { missingLabels, type RenderedObject, renderUpstreamCharts } from '@platform/chart-harness';
import { computeFleet, type Fleet } from '@platform/core';
import { loadFleetFor, standIn, withClusterOverride } from '@platform/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import alb, { type AwsLoadBalancerControllerValues } from './index.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const COMPONENTS = [alb, standIn('prometheus-operator-crds'), standIn('cilium'), standIn('cert-manager')];
const ID = 'aws-load-balancer-controller';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
});

function compute(f: Fleet) {
  const { clusters, issues } = computeFleet(f, COMPONENTS);
  const values = Object.fromEntries(
    clusters.map((cc) => {
      const comp = cc.components.find((c) => c.definition.name === ID)!;
      return [cc.context.cluster.name, comp.targets[ID]!.values as AwsLoadBalancerControllerValues];
    }),
  );
  return { clusters, issues, values };
}

/** The fleet with one cluster's network.vpcId removed. */
function withoutVpcId(f: Fleet, cluster: string): Fleet {
  return {
    ...f,
    clusters: f.clusters.map((c) => {
      if (c.name !== cluster) return c;
      const { vpcId: _, ...network } = c.network;
      return { ...c, network };
    }),
  };
}

describe('aws-load-balancer-controller values', () => {
  it('pins the eks-charts chart exactly and installs into kube-system after cert-manager', () => {
    expect(alb.upstreamCharts.map((u) => [u.repoURL, u.chart, u.version])).toEqual([
      ['https://aws.github.io/eks-charts', ID, '3.5.0'],
    ]);
    expect(alb).toMatchObject({
      namespace: 'kube-system',
      dependsOn: ['prometheus-operator-crds', 'cilium', 'cert-manager'],
    });
  });

  it("sets the cluster's name, region and VPC from the inventory", () => {
    const { issues, values } = compute(fleet);
    expect(issues).toEqual([]);
    const dr = fleet.clusters.find((c) => c.name === 'agentic-dr-use1')!;
    expect(values['agentic-dr-use1']).toMatchObject({
      clusterName: 'agentic-dr-use1',
      region: 'us-east-1',
      vpcId: dr.network.vpcId,
    });
    expect(dr.network.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
  });

  it('uses EKS Pod Identity: a fixed ServiceAccount name and no IRSA annotation', () => {
    const v = compute(fleet).values['agentic-prod-usw2']!;
    expect(v.serviceAccount).toEqual({ create: true, name: 'aws-load-balancer-controller' });
  });

  it('runs one replica in development, two behind a PDB in production', () => {
    const { values } = compute(fleet);
    expect([
      values['agentic-dev-usw2']!.replicaCount,
      values['agentic-dev-usw2']!.podDisruptionBudget,
    ]).toEqual([1, {}]);
    expect([
      values['agentic-prod-usw2']!.replicaCount,
      values['agentic-prod-usw2']!.podDisruptionBudget,
    ]).toEqual([2, { minAvailable: 1 }]);
  });

  it('fails clearly when the cluster has no network.vpcId', () => {
    expect(compute(withoutVpcId(fleet, 'agentic-stg-usw2')).issues).toEqual([
      expect.objectContaining({
        code: 'rule:vpc-id-set',
        cluster: 'agentic-stg-usw2',
        component: ID,
        path: `${ID}.vpcId`,
        expected: 'the VPC id of agentic-stg-usw2 (vpc-...)',
        found: 'nothing',
        hint: 'Set network.vpcId in gitops/clusters/agentic-stg-usw2.yaml.',
      }),
    ]);
  });

  it("refuses another cluster's name, region or VPC and a single replica in production", () => {
    const f = withClusterOverride(fleet, 'agentic-prod-usw2', ID, {
      [ID]: {
        clusterName: 'agentic-dr-use1',
        region: 'us-east-1',
        vpcId: 'vpc-0123456789abcdef1',
        replicaCount: 1,
      },
    });
    expect(compute(f).issues.map((i) => `${i.code} ${i.path} ${i.found}`)).toEqual([
      `rule:vpc-id-is-the-clusters ${ID}.vpcId vpc-0123456789abcdef1`,
      `rule:cluster-and-region-are-the-clusters ${ID}.clusterName agentic-dr-use1`,
      `rule:cluster-and-region-are-the-clusters ${ID}.region us-east-1`,
      `rule:ha-in-production ${ID}.replicaCount 1`,
    ]);
  });

  it('refuses a malformed VPC id in the inventory values', () => {
    const f = withClusterOverride(fleet, 'agentic-dev-usw2', ID, { [ID]: { vpcId: 'vpc-123' } });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        code: 'invalid-format',
        cluster: 'agentic-dev-usw2',
        path: `${ID}.vpcId`,
        found: '"vpc-123"',
        file: 'gitops/clusters/agentic-dev-usw2.yaml',
      }),
    ]);
  });
});

describe('the upstream aws-load-balancer-controller chart rendered with the generated values', () => {
  const rendered = new Map<string, { environment: string; objects: RenderedObject[] }>();
  beforeAll(async () => {
    const { clusters } = compute(fleet);
    for (const cc of clusters) {
      const comp = cc.components.find((c) => c.definition.name === ID)!;
      const objects = await renderUpstreamCharts(alb, comp.targets, cc.context.cluster.kubernetesVersion, [
        'monitoring.coreos.com/v1',
        'cert-manager.io/v1',
      ]);
      rendered.set(cc.context.cluster.name, {
        environment: cc.context.environment.name,
        objects: objects.get(ID)!,
      });
    }
  }, 120_000);

  const find = (cluster: string, kind: string) =>
    rendered
      .get(cluster)!
      .objects.map((o) => o.manifest as Record<string, any>)
      .filter((m) => m.kind === kind);

  it("passes the cluster's name, region and VPC to the controller", () => {
    const [d] = find('agentic-prod-usw2', 'Deployment');
    const args: string[] = d!.spec.template.spec.containers[0].args;
    const vpc = fleet.clusters.find((c) => c.name === 'agentic-prod-usw2')!.network.vpcId;
    expect(args).toEqual(
      expect.arrayContaining([
        '--cluster-name=agentic-prod-usw2',
        '--aws-region=us-west-2',
        `--aws-vpc-id=${vpc}`,
      ]),
    );
  });

  it('takes the webhook certificate from cert-manager: no key generated in the render', async () => {
    const prod = rendered.get('agentic-prod-usw2')!.objects;
    expect(prod.filter((o) => o.manifest.kind === 'Secret')).toEqual([]);
    expect(
      find('agentic-prod-usw2', 'Certificate')
        .map((c) => c.metadata.name)
        .sort(),
    ).toEqual(['aws-load-balancer-root-cert', 'aws-load-balancer-serving-cert']);
    const webhooks = find('agentic-prod-usw2', 'MutatingWebhookConfiguration');
    expect(webhooks[0]!.metadata.annotations).toEqual({
      'cert-manager.io/inject-ca-from': 'kube-system/aws-load-balancer-serving-cert',
    });
    // no mutating webhook on every Service's creation
    expect(webhooks[0]!.webhooks.map((w: { name: string }) => w.name)).not.toContain(
      'mservice.elbv2.k8s.aws',
    );
  });

  it('renders a PDB in production only, and labels every Deployment as Gatekeeper requires', () => {
    expect(find('agentic-prod-usw2', 'PodDisruptionBudget').map((p) => p.spec.minAvailable)).toEqual([1]);
    expect(find('agentic-dev-usw2', 'PodDisruptionBudget')).toEqual([]);
    expect(rendered.size).toBe(4);
    for (const [cluster, r] of rendered) {
      const required = { 'cost-center': 'platform-engineering', layer: 'l00', environment: r.environment };
      expect({ cluster, missing: missingLabels(r.objects, required) }).toEqual({ cluster, missing: [] });
    }
  });
});
