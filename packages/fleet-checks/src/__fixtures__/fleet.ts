import type { Cluster, ComputedCluster, FleetSettings } from '@platform/core';
import type { K8sObject, RenderedCluster, RenderedFleet, RenderedSource } from '@platform/hydrate';

/** A component of a fixture cluster: its name, install wave and destination namespace. */
export interface FixtureComponent {
  name: string;
  wave: number;
  namespace: string;
}

/** One rendered source of a fixture cluster. */
export interface FixtureSource {
  component: string;
  source?: string;
  namespace?: string;
  objects: K8sObject[];
}

export interface FixtureCluster {
  name?: string;
  kubeVersion?: string;
  components: FixtureComponent[];
  sources: FixtureSource[];
}

const FLEET_SETTINGS = {
  gitops: { repoURL: 'https://git.example.com/platform/gitops.git', branchPerEnvironment: false },
  argocd: { namespace: 'argocd' },
  regions: [],
} as unknown as FleetSettings;

function inventoryCluster(name: string, kubeVersion: string): Cluster {
  return {
    name,
    environment: 'production',
    region: 'us-west-2',
    role: 'primary',
    kubernetesVersion: kubeVersion,
    apiServerEndpoint: `https://${name}.gr7.us-west-2.eks.amazonaws.com`,
    destination: { name, server: `https://${name}.gr7.us-west-2.eks.amazonaws.com` },
    network: { vpcCidr: '10.0.0.0/16', podCidr: '10.1.0.0/16', serviceCidr: '10.2.0.0/16' },
    labels: { 'cost-center': 'platform-engineering' },
    nodePools: [
      { name: 'system', instanceTypes: ['m6i.xlarge'], minSize: 3, maxSize: 6, capacityType: 'on-demand' },
    ],
  };
}

/** A rendered cluster built from objects, with only what the fleet checks read filled in. */
export function renderedCluster(spec: FixtureCluster): RenderedCluster {
  const name = spec.name ?? 'agentic-prod-usw2';
  const kubeVersion = spec.kubeVersion ?? '1.33';
  const cluster = inventoryCluster(name, kubeVersion);
  const computed = {
    context: {
      cluster,
      environment: { name: 'production' },
      region: { name: 'us-west-2', shortName: 'usw2' },
      fleet: FLEET_SETTINGS,
      enabledComponents: new Set(spec.components.map((c) => c.name)),
    },
    components: spec.components.map((c) => ({
      definition: { name: c.name, namespace: c.namespace, dependsOn: [], upstreamCharts: [] },
      targets: {},
      wave: c.wave,
    })),
  } as unknown as ComputedCluster;
  const sources = spec.sources.map((s): RenderedSource => {
    const component = spec.components.find((c) => c.name === s.component);
    const id = s.source ?? s.component;
    return {
      cluster: name,
      component: s.component,
      source: id,
      chart: id,
      version: '1.0.0',
      releaseName: id,
      namespace: s.namespace ?? component?.namespace ?? s.component,
      valuesFile: `clusters/${name}/components/${s.component}/values-${id}.yaml`,
      objects: s.objects,
    };
  });
  return { cluster: name, kubeVersion, apiVersions: [], computed, sources };
}

/** A fleet of fixture clusters and generated files. */
export function renderedFleet(clusters: FixtureCluster[], files: Record<string, string> = {}): RenderedFleet {
  return {
    fleet: FLEET_SETTINGS,
    clusters: clusters.map(renderedCluster),
    files: new Map(Object.entries(files)),
  };
}
