import type {
  ComponentDefinition,
  ComputedCluster,
  EnvironmentProfile,
  FleetSettings,
  ProvenanceMap,
} from '@platform/core';
import { z } from 'zod';
import type { EmitInput } from '../emit.ts';

export const fleet: FleetSettings = {
  gitops: { repoURL: 'https://git.example.com/platform/gitops.git', branchPerEnvironment: false },
  argocd: { namespace: 'argocd' },
  regions: [
    {
      name: 'us-west-2',
      shortName: 'usw2',
      vaultAddress: 'https://vault.example.com',
      dnsZone: 'example.com',
    },
  ],
};

function profile(name: EnvironmentProfile['name'], automated: boolean): EnvironmentProfile {
  return {
    name,
    replicas: automated ? 1 : 3,
    pdb: { enabled: !automated },
    nodePools: { minSize: 1 },
    retention: { prometheusDays: 3, logsDays: 7, tracesDays: 3 },
    spot: 'all',
    gpu: { sharing: 'time-slicing', gpuType: 'nvidia-tesla-t4', replicasPerGpu: 2, migStrategy: 'none' },
    tlsIssuer: 'self-signed',
    networkPolicy: 'permissive',
    quota: { mode: 'relaxed', multiplier: 2 },
    tracing: { samplingPercent: 100, tailSampling: { enabled: false, errors: false } },
    sync: automated
      ? { automated: true, prune: true, selfHeal: true }
      : { automated: false, prune: false, selfHeal: false },
    targetRevision: automated ? 'dev' : 'main',
  };
}

const cni: ComponentDefinition = {
  name: 'cni',
  namespace: 'kube-system',
  description: 'a CNI with our chart',
  upstreamCharts: [
    {
      id: 'cni',
      repoURL: 'https://charts.example.com',
      chart: 'cni',
      version: '1.2.3',
      valuesSchema: z.object({}),
    },
  ],
  chart: { valuesSchema: z.object({}) },
  dependsOn: [],
  enabledByDefault: () => true,
  values: () => ({}),
  rules: [],
  sync: {
    serverSideApply: true,
    disablePrune: true,
    ignoreDifferences: [
      {
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      },
    ],
  },
  resources: {
    cluster: [
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
    ],
    namespaced: [
      { group: 'apps', kind: 'DaemonSet' },
      { group: '', kind: 'ConfigMap' },
    ],
    extraNamespaces: (values) => [`${(values.chart as { environment: string }).environment}-secrets`],
  },
};

const stack: ComponentDefinition = {
  name: 'stack',
  namespace: 'monitoring',
  description: 'two upstream charts, no chart of ours',
  upstreamCharts: [
    {
      id: 'stack',
      repoURL: 'https://charts.example.com',
      chart: 'stack',
      version: '2.0.0',
      valuesSchema: z.object({}),
    },
    {
      id: 'agent',
      repoURL: 'oci://registry.example.com/charts',
      chart: 'agent',
      version: '0.9.1',
      valuesSchema: z.object({}),
    },
  ],
  dependsOn: ['cni'],
  enabledByDefault: () => true,
  values: () => ({}),
  rules: [],
  resources: {
    cluster: [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }],
    namespaced: [
      { group: 'apps', kind: 'Deployment' },
      { group: '', kind: 'ConfigMap' },
    ],
  },
};

function prov(entries: [string, string, string][]): ProvenanceMap {
  return new Map(entries.map(([p, layer, source]) => [p, [{ layer: layer as 'defaults', source }]]));
}

function cluster(name: string, env: EnvironmentProfile): ComputedCluster {
  return {
    context: {
      cluster: {
        name,
        environment: env.name,
        region: 'us-west-2',
        role: 'primary',
        kubernetesVersion: '1.33',
        apiServerEndpoint: `https://${name}.example.com`,
        destination: { name, server: `https://${name}.example.com` },
        network: { vpcCidr: '10.0.0.0/16', podCidr: '10.1.0.0/16', serviceCidr: '10.2.0.0/16' },
        labels: { 'cost-center': 'platform' },
        nodePools: [
          {
            name: 'system',
            instanceTypes: ['m6i.xlarge'],
            minSize: 3,
            maxSize: 6,
            capacityType: 'on-demand',
          },
        ],
      },
      environment: env,
      region: fleet.regions[0]!,
      fleet,
      enabledComponents: new Set(['cni', 'stack']),
    },
    components: [
      {
        definition: cni,
        wave: 0,
        targets: {
          cni: {
            values: { operator: { replicas: env.replicas }, list: ['a', 'b'] },
            provenance: prov([
              ['operator.replicas', 'environment', `gitops/environments/${env.name}.yaml`],
              ['list', 'defaults', 'component cni (defaults)'],
            ]),
          },
          chart: {
            values: { environment: env.name },
            provenance: prov([['environment', 'defaults', 'component cni (defaults)']]),
          },
        },
      },
      {
        definition: stack,
        wave: 1,
        targets: {
          stack: {
            values: { retention: '3d' },
            provenance: prov([['retention', 'defaults', 'component stack (defaults)']]),
          },
          agent: { values: {}, provenance: new Map() },
        },
      },
    ],
  };
}

export function input(): EmitInput {
  return {
    clusters: [
      cluster('prod-a', profile('production', false)),
      cluster('dev-a', profile('development', true)),
    ],
    fleet,
    charts: new Map([
      [
        'cni',
        new Map([
          ['Chart.yaml', 'apiVersion: v2\nname: cni\nversion: 0.1.0\n'],
          ['templates/x.yaml', '# template\n'],
        ]),
      ],
    ]),
    generator: { name: 'gen-gitops', version: '0.0.0-test' },
  };
}
