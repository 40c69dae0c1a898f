import { type ClusterContext, type TypedLayeredValues, workloadLabelsFor } from '@platform/core';
import type { Targets } from './schema.ts';

/** The controller runs in kube-system, as EKS documents it. */
export const NAMESPACE = 'kube-system';
/** The ServiceAccount the EKS Pod Identity association names (docs/decisions.md#workload-identity). */
export const SERVICE_ACCOUNT = 'aws-load-balancer-controller';

export function awsLoadBalancerControllerLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const replicas = Math.min(ctx.environment.replicas, 2);
  return {
    defaults: {
      'aws-load-balancer-controller': {
        clusterName: ctx.cluster.name,
        region: ctx.region.name,
        // Missing in the inventory: the rule vpc-id-set names the file and field to fill.
        ...(ctx.cluster.network.vpcId ? { vpcId: ctx.cluster.network.vpcId } : {}),
        additionalLabels: workloadLabelsFor(ctx),
        replicaCount: 1,
        podDisruptionBudget: {},
        resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        serviceAccount: { create: true, name: SERVICE_ACCOUNT },
        enableCertManager: true,
        // Our LoadBalancer Services ask for the controller by annotation; see docs/decisions.md#aws-load-balancer-controller.
        enableServiceMutatorWebhook: false,
        serviceMonitor: { enabled: true },
      },
    },
    environment: {
      'aws-load-balancer-controller': {
        replicaCount: replicas,
        ...(ctx.environment.pdb.enabled && replicas > 1 ? { podDisruptionBudget: { minAvailable: 1 } } : {}),
      },
    },
  };
}
