import type { ClusterContext, LayeredValues } from '@platform/core';

export const NAMESPACE = 'gatekeeper-system';

export function gatekeeperLayers(ctx: ClusterContext): LayeredValues {
  const env = ctx.environment;
  const replicas = Math.min(Math.max(env.replicas, 1), 3);
  return {
    defaults: {
      gatekeeper: {
        replicas: 1,
        auditInterval: 60,
        constraintViolationsLimit: 20,
        emitAdmissionEvents: false,
        emitAuditEvents: true,
        logLevel: 'INFO',
        controllerManager: {
          resources: {
            requests: { cpu: '100m', memory: '256Mi' },
            limits: { cpu: '1000m', memory: '512Mi' },
          },
        },
        audit: {
          resources: {
            requests: { cpu: '100m', memory: '256Mi' },
            limits: { cpu: '1000m', memory: '512Mi' },
          },
        },
        pdb: { controllerManager: { minAvailable: 0 } },
      },
      chart: {
        environment: env.name,
        labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
        requiredLabels: {
          enforcementAction: 'dryrun',
          labels: ['cost-center', 'layer', 'environment'],
          excludedNamespaces: ['kube-system', 'kube-public', 'gatekeeper-system'],
        },
      },
    },
    environment: {
      gatekeeper: { replicas, pdb: { controllerManager: { minAvailable: env.pdb.enabled ? 1 : 0 } } },
      chart: { requiredLabels: { enforcementAction: env.name === 'production' ? 'deny' : 'dryrun' } },
    },
  };
}
