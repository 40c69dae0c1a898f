import type { ComputedCluster, FleetSettings } from '@platform/core';

/** A Kubernetes object as `helm template` rendered it (parsed YAML document). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * One source of one generated Application, rendered: an upstream chart (`source` = its id, e.g.
 * `cilium`) or our chart (`source` = `config`). Objects are in a stable order (kind, namespace,
 * name); namespaced objects that the chart left without a namespace keep it absent here, as
 * Argo CD then applies them into the Application's destination namespace (`namespace`).
 */
export interface RenderedSource {
  cluster: string;
  component: string;
  /** Upstream chart id, or `config` for our own chart. */
  source: string;
  /** Chart name and version (our charts: the version in their Chart.yaml). */
  chart: string;
  version: string;
  releaseName: string;
  /** The Application's destination namespace (`helm template --namespace`). */
  namespace: string;
  /** The values file of the GitOps tree this source renders with (tree-relative path). */
  valuesFile: string;
  objects: K8sObject[];
}

/** Every rendered source of one cluster, with what it was rendered for. */
export interface RenderedCluster {
  cluster: string;
  /** `--kube-version` given to helm (the inventory's `kubernetesVersion`). */
  kubeVersion: string;
  /** `--api-versions` given to helm beyond Helm's built-ins: the CRD versions the cluster installs. */
  apiVersions: string[];
  /** The computed values and context of the cluster (components in install order, waves). */
  computed: ComputedCluster;
  sources: RenderedSource[];
}

/** The input of every fleet check: the renders plus the generated GitOps tree they came from. */
export interface RenderedFleet {
  fleet: FleetSettings;
  clusters: RenderedCluster[];
  /** The generated GitOps tree (path -> content): Applications, AppProjects, values files. */
  files: ReadonlyMap<string, string>;
}
