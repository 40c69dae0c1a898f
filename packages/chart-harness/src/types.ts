/** One way to render a chart: a values set plus the release settings `helm template` needs. */
export interface Scenario {
  /** Short unique name, e.g. `production/us-west-2` or `defaults`; it labels every finding. */
  name: string;
  /** Values passed to helm as a values file. */
  values: Record<string, unknown>;
  /** Release namespace (`--namespace`); `default` when omitted. */
  namespace?: string;
  /** Release name; `release` when omitted. */
  releaseName?: string;
  /** Kubernetes version helm renders for (`--kube-version`), e.g. `1.31.0`. */
  kubeVersion?: string;
  /**
   * Whether the chart is ours, so the policy checks (labels, pod security, images, resources,
   * secrets) apply. Defaults to `true`; set `false` for upstream charts.
   */
  ownWorkloads?: boolean;
}

/** Which check produced a finding. */
export type FindingCheck =
  | 'render'
  | 'parse'
  | 'schema'
  | 'unknown-field'
  | 'served-api'
  | 'labels'
  | 'pod-security'
  | 'image'
  | 'resources'
  | 'secret';

/** One problem in the rendered output: where it is, what was expected and found, and the fix. */
export interface Finding {
  scenario: string;
  check: FindingCheck;
  /** The object, e.g. `apps/v1 Deployment infra/redis`; the chart for render failures. */
  object: string;
  /** Dotted path inside the object, e.g. `spec.template.spec.containers[0].image`; `''` for all of it. */
  path: string;
  message: string;
}

/** A Kubernetes object as rendered by helm, with the template it came from. */
export interface RenderedObject {
  /** Template path from helm's `# Source:` comment, e.g. `redis/templates/statefulset.yaml`. */
  source: string;
  /** The parsed document. */
  manifest: Record<string, unknown>;
}

/** Settings for {@link checkObjects}. */
export interface CheckOptions {
  /** Scenario name written into every finding. */
  scenario: string;
  /** Run the policy checks (labels, pod security, images, resources, secrets). Defaults to `true`. */
  ownWorkloads?: boolean;
  /** Kubernetes version rendered for; Kubernetes APIs removed after it still count as served. */
  kubeVersion?: string;
  /**
   * `apiVersion/Kind` pairs with no schema that are accepted as they are, e.g. `example.com/v1/Widget`;
   * `example.com/v1/*` accepts every kind of that version.
   */
  allowKinds?: readonly string[];
  /**
   * Workloads, as `apiVersion/Kind/name` (e.g. `batch/v1/CronJob/kube-bench-scan`), that need host
   * access by design and run in a privileged namespace: the restricted pod-security check skips
   * them (every other policy check still applies).
   */
  hostAccess?: readonly string[];
  /** Labels every namespace and workload must carry; defaults to `cost-center`, `layer`, `environment`. */
  requiredLabels?: readonly string[];
}
