import { type ComponentDefinition, defineComponent } from '@platform/core';
import { awsLoadBalancerControllerRules } from './rules.ts';
import { awsLoadBalancerControllerValues } from './schema.ts';
import { awsLoadBalancerControllerLayers, NAMESPACE } from './values.ts';

/** eks-charts aws-load-balancer-controller 3.5.0 (controller v3.5.0). */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION = '3.5.0';

/**
 * The AWS Load Balancer Controller (docs/decisions.md#aws-load-balancer-controller): provisions
 * the NLB the Istio ingress gateway Service asks for (`aws-load-balancer-type: external`). AWS
 * credentials come from EKS Pod Identity (docs/decisions.md#workload-identity); its webhook
 * serving certificate from cert-manager, so the render is the same on every run.
 */
export const awsLoadBalancerController: ComponentDefinition = defineComponent({
  name: 'aws-load-balancer-controller',
  namespace: NAMESPACE,
  description:
    'AWS Load Balancer Controller 3.5: NLBs for LoadBalancer Services (Istio gateway), Pod Identity',
  upstreamCharts: [
    {
      id: 'aws-load-balancer-controller',
      repoURL: 'https://aws.github.io/eks-charts',
      chart: 'aws-load-balancer-controller',
      version: AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION,
      valuesSchema: awsLoadBalancerControllerValues,
    },
  ],
  dependsOn: ['prometheus-operator-crds', 'cilium', 'cert-manager'],
  enabledByDefault: () => true,
  values: awsLoadBalancerControllerLayers,
  rules: awsLoadBalancerControllerRules,
  sync: {
    // The chart's CRDs are large (gateway.k8s.aws): server-side apply avoids the last-applied annotation limit.
    serverSideApply: true,
    // cert-manager's cainjector writes the webhook's CA into the caBundle of its webhook configurations.
    ignoreDifferences: [
      {
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      },
      {
        group: 'admissionregistration.k8s.io',
        kind: 'MutatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      },
    ],
  },
  resources: {
    cluster: [
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'elbv2.k8s.aws', kind: 'IngressClassParams' },
      { group: 'networking.k8s.io', kind: 'IngressClass' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'cert-manager.io', kind: 'Certificate' },
      { group: 'cert-manager.io', kind: 'Issuer' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
  },
});
