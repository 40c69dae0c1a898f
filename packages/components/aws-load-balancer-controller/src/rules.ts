import type { ParsedTargets, TypedComponentRule } from '@platform/core';
import type { Targets } from './schema.ts';

const v = (values: ParsedTargets<Targets>) => values['aws-load-balancer-controller'];

export const awsLoadBalancerControllerRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'vpc-id-set',
    description: "the controller needs the cluster's VPC id (network.vpcId in the cluster file)",
    check: (values, ctx) =>
      v(values).vpcId
        ? undefined
        : [
            {
              path: 'aws-load-balancer-controller.vpcId',
              expected: `the VPC id of ${ctx.cluster.name} (vpc-...)`,
              found: 'nothing',
              hint: `Set network.vpcId in gitops/clusters/${ctx.cluster.name}.yaml.`,
            },
          ],
  },
  {
    id: 'vpc-id-is-the-clusters',
    description: "the controller manages load balancers in the cluster's own VPC",
    check: (values, ctx) => {
      const id = v(values).vpcId;
      const own = ctx.cluster.network.vpcId;
      return id && own && id !== own
        ? [{ path: 'aws-load-balancer-controller.vpcId', expected: `${own} (network.vpcId)`, found: id }]
        : undefined;
    },
  },
  {
    id: 'cluster-and-region-are-the-clusters',
    description:
      "clusterName and region are the cluster's own (tags and subnets of another cluster otherwise)",
    check: (values, ctx) => {
      const a = v(values);
      const out = [];
      if (a.clusterName !== ctx.cluster.name)
        out.push({
          path: 'aws-load-balancer-controller.clusterName',
          expected: ctx.cluster.name,
          found: a.clusterName,
        });
      if (a.region !== ctx.region.name)
        out.push({ path: 'aws-load-balancer-controller.region', expected: ctx.region.name, found: a.region });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'ha-in-production',
    description: 'production runs two replicas or more behind a PodDisruptionBudget',
    check: (values, ctx) => {
      if (ctx.environment.name !== 'production') return undefined;
      const a = v(values);
      const out = [];
      if (a.replicaCount < 2)
        out.push({
          path: 'aws-load-balancer-controller.replicaCount',
          expected: 'at least 2 in production',
          found: String(a.replicaCount),
        });
      if (a.podDisruptionBudget.minAvailable === undefined)
        out.push({
          path: 'aws-load-balancer-controller.podDisruptionBudget.minAvailable',
          expected: 'set in production',
          found: 'nothing',
        });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'pdb-leaves-a-pod-to-evict',
    description: 'a PodDisruptionBudget must let a node drain: minAvailable below the replicas',
    check: (values) => {
      const a = v(values);
      const min = a.podDisruptionBudget.minAvailable;
      return min !== undefined && a.replicaCount > 1 && min >= a.replicaCount
        ? [
            {
              path: 'aws-load-balancer-controller.podDisruptionBudget.minAvailable',
              expected: `less than replicaCount (${a.replicaCount})`,
              found: String(min),
            },
          ]
        : undefined;
    },
  },
];
