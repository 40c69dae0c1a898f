import { istioByDefault } from '@platform/component-istio';
import { type ComponentDefinition, defineComponent } from '@platform/core';
import { externalDnsRules } from './rules.ts';
import { externalDnsValues } from './schema.ts';
import { externalDnsLayers, NAMESPACE } from './values.ts';

/** external-dns chart 1.21.1 (ExternalDNS 0.21.0). */
export const EXTERNAL_DNS_CHART_VERSION = '1.21.1';

/**
 * ExternalDNS (docs/decisions.md#external-dns): publishes the hosts of the Istio ingress Gateway
 * in the region's Route53 zone, pointing at the gateway's NLB. The TXT owner is the cluster, so
 * the clusters of a region never fight over a record; production is upsert-only. On wherever
 * Istio is on by default (it has nothing to publish without it).
 */
export const externalDns: ComponentDefinition = defineComponent({
  name: 'external-dns',
  namespace: NAMESPACE,
  description:
    "ExternalDNS 0.21: the Istio gateway's Route53 records in the region zone, owned by the cluster",
  upstreamCharts: [
    {
      id: 'external-dns',
      repoURL: 'https://kubernetes-sigs.github.io/external-dns/',
      chart: 'external-dns',
      version: EXTERNAL_DNS_CHART_VERSION,
      valuesSchema: externalDnsValues,
    },
  ],
  dependsOn: ['prometheus-operator-crds', 'istio'],
  enabledByDefault: istioByDefault,
  values: externalDnsLayers,
  rules: externalDnsRules,
  resources: {
    cluster: [
      // DNSEndpoint, from the chart's crds/.
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
    ],
  },
});
