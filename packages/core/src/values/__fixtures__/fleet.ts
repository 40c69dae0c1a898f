import { z } from 'zod';
import { type ComponentDefinition, defineComponent } from '../../contract/component.ts';
import type { Cluster, EnvironmentProfile, Fleet } from '../../inventory/schema.ts';

/** A minimal environment profile for tests. */
export function profile(name: EnvironmentProfile['name'], replicas: number): EnvironmentProfile {
  return {
    name,
    replicas,
    pdb: { enabled: replicas > 1 },
    nodePools: { minSize: replicas },
    retention: { prometheusDays: 3, logsDays: 7, tracesDays: 3 },
    spot: 'all',
    gpu: { sharing: 'time-slicing', gpuType: 'nvidia-tesla-t4', replicasPerGpu: 2, migStrategy: 'none' },
    tlsIssuer: 'self-signed',
    networkPolicy: 'permissive',
    quota: { mode: 'relaxed', multiplier: 2 },
    tracing: { samplingPercent: 100, tailSampling: { enabled: false, errors: false } },
    sync: { automated: true, prune: true, selfHeal: true },
    targetRevision: name === 'production' ? 'main' : 'dev',
  };
}

export function cluster(
  name: string,
  environment: Cluster['environment'],
  extra: Partial<Cluster> = {},
): Cluster {
  return {
    name,
    environment,
    region: 'us-west-2',
    role: 'primary',
    kubernetesVersion: '1.33',
    apiServerEndpoint: `https://${name}.example.com`,
    destination: { name, server: `https://${name}.example.com` },
    network: { vpcCidr: '10.0.0.0/16', podCidr: '10.1.0.0/16', serviceCidr: '10.2.0.0/16' },
    labels: { 'cost-center': 'platform' },
    nodePools: [
      { name: 'system', instanceTypes: ['m6i.xlarge'], minSize: 3, maxSize: 6, capacityType: 'on-demand' },
    ],
    ...extra,
  };
}

export function fleet(clusters: Cluster[], extra: Partial<Fleet['settings']> = {}): Fleet {
  return {
    settings: {
      gitops: { repoURL: 'https://git.example.com/gitops.git', branchPerEnvironment: false },
      argocd: { namespace: 'argocd' },
      regions: [
        {
          name: 'us-west-2',
          shortName: 'usw2',
          vaultAddress: 'https://vault.example.com',
          dnsZone: 'example.com',
        },
      ],
      ...extra,
    },
    environments: {
      development: profile('development', 1),
      staging: profile('staging', 2),
      production: profile('production', 3),
    },
    clusters,
    files: Object.fromEntries([
      ['fleet', 'gitops/fleet.yaml'],
      ...clusters.map((c) => [`cluster:${c.name}`, `gitops/clusters/${c.name}.yaml`]),
      ...['development', 'staging', 'production'].map((e) => [
        `environment:${e}`,
        `gitops/environments/${e}.yaml`,
      ]),
    ]),
  };
}

const demoValues = z.strictObject({
  replicas: z.int().min(1),
  image: z.strictObject({ tag: z.string() }),
  auth: z.strictObject({ password: z.string().optional(), existingSecret: z.string() }).optional(),
  relay: z.strictObject({ enabled: z.boolean(), replicas: z.int() }).optional(),
});

/** A fake component: replicas from the environment, one rule, our chart too. */
export const demo: ComponentDefinition = defineComponent({
  name: 'demo',
  namespace: 'demo',
  description: 'test component',
  upstreamCharts: [
    {
      id: 'demo',
      repoURL: 'https://charts.example.com',
      chart: 'demo',
      version: '1.0.0',
      valuesSchema: demoValues,
    },
  ],
  chart: { valuesSchema: z.strictObject({ environment: z.string() }) },
  dependsOn: [],
  enabledByDefault: () => true,
  values: (ctx) => ({
    defaults: { demo: { replicas: 1, image: { tag: 'v1' } }, chart: { environment: ctx.environment.name } },
    environment: { demo: { replicas: ctx.environment.replicas } },
  }),
  rules: [
    {
      id: 'relay-replicas',
      description: 'relay.replicas must not exceed replicas',
      check: (v) => {
        const d = v.demo;
        return d.relay && d.relay.replicas > d.replicas
          ? [{ path: 'demo.relay.replicas', expected: `<= ${d.replicas}`, found: String(d.relay.replicas) }]
          : undefined;
      },
    },
  ],
});

export const addon: ComponentDefinition = {
  name: 'addon',
  namespace: 'addon',
  description: 'depends on demo',
  upstreamCharts: [
    {
      id: 'addon',
      repoURL: 'oci://registry.example.com/charts',
      chart: 'addon',
      version: '2.0.0',
      valuesSchema: z.strictObject({}),
    },
  ],
  dependsOn: ['demo'],
  enabledByDefault: (ctx) => ctx.environment.name !== 'development',
  values: () => ({}),
  rules: [],
};
