import type { Issue } from '@platform/errors';
import type { RenderedCluster, RenderedFleet } from '@platform/hydrate';
import { parseAllDocuments } from 'yaml';
import {
  clusterObjects,
  formatPath,
  isRecord,
  type ObjectSite,
  objectIssue,
  type PathSegment,
  record,
} from './objects.ts';
import { effectiveNamespace } from './scopes.ts';
import type { FleetCheck } from './types.ts';
import { podTemplateOf } from './workloads.ts';

/** The cluster DNS domain of every cluster (the EKS and kubeadm default). */
export const CLUSTER_DOMAIN = 'cluster.local';

/** Services every cluster has without any chart rendering them (namespace/name -> ports). */
const CLUSTER_SERVICES: Record<string, number[]> = {
  'default/kubernetes': [443],
  'kube-system/kube-dns': [53, 9153],
};

/** Services the Prometheus operator creates per namespace for a rendered Prometheus or Alertmanager. */
const OPERATOR_SERVICES: Record<string, { name: string; ports: number[] }> = {
  Prometheus: { name: 'prometheus-operated', ports: [9090] },
  Alertmanager: { name: 'alertmanager-operated', ports: [9093, 9094] },
};

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443, grpc: 80 };

/**
 * `[scheme://][pod.]<service>.<namespace>.svc[.domain][:port]`: the host names of in-cluster
 * Services. The domain after `.svc` must be the cluster domain (or absent).
 */
const SERVICE_HOST =
  /(?:\b([a-z][a-z0-9+.-]*):\/\/)?(?:[a-z0-9-]+\.)?\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc((?:\.[a-z0-9-]+)*)(?::(\d+))?(?![a-z0-9-])/g;

interface ServiceRef {
  text: string;
  scheme?: string;
  service: string;
  namespace: string;
  domain: string;
  port?: number;
}

/**
 * A command-line flag whose value names a Secret or ConfigMap (`--caSecretName=...`,
 * `--tls-secret-name=...`): Kyverno names its certificate Secrets after the Service host
 * (`kyverno-svc.kyverno.svc.kyverno-tls-ca`), which is an object name, not a host.
 */
const OBJECT_NAME_FLAG = /^--?[A-Za-z0-9-]*(secret|configmap)[-_]?name=/i;

/** Every in-cluster Service reference in a string. */
export function serviceRefs(value: string): ServiceRef[] {
  if (OBJECT_NAME_FLAG.test(value)) return [];
  const refs: ServiceRef[] = [];
  for (const m of value.matchAll(SERVICE_HOST)) {
    const [text, scheme, service, , namespace, , domain, port] = m;
    if (service === undefined || namespace === undefined) continue;
    refs.push({
      text,
      ...(scheme ? { scheme } : {}),
      service,
      namespace,
      domain: (domain ?? '').replace(/^\./, ''),
      ...(port ? { port: Number(port) } : {}),
    });
  }
  return refs;
}

/** A place a string was found: a values file or a rendered object. */
type Place = { file: string; component: string; path: string; site?: ObjectSite; namespace?: string };

/**
 * Every in-cluster URL in the cluster's values files and in the rendered configuration (ConfigMap
 * data, container env, args and command) names a Service the same cluster renders, in the cluster
 * domain, on a port that Service exposes.
 */
export const referencesCheck: FleetCheck = (fleet) => fleet.clusters.flatMap((c) => checkCluster(fleet, c));

function checkCluster(fleet: RenderedFleet, cluster: RenderedCluster): Issue[] {
  const services = renderedServices(cluster);
  const issues: Issue[] = [];
  const visit = (place: Place, value: string) => {
    for (const ref of serviceRefs(value)) issues.push(...problems(cluster, services, place, ref));
  };
  for (const [file, text] of [...fleet.files].sort(([a], [b]) => a.localeCompare(b))) {
    const m = /^clusters\/([^/]+)\/components\/([^/]+)\/values-[^/]+\.ya?ml$/.exec(file);
    if (m?.[1] !== cluster.cluster || m[2] === undefined) continue;
    const component = m[2];
    for (const doc of parseAllDocuments(text)) {
      walkStrings(doc.toJS(), [], (path, value) => visit({ file, component, path: formatPath(path) }, value));
    }
  }
  for (const site of clusterObjects(cluster)) {
    const namespace = effectiveNamespace(site.object, site.source.namespace, cluster);
    const place = (path: PathSegment[]): Place => ({
      file: site.source.valuesFile,
      component: site.source.component,
      path: formatPath(path),
      site,
      ...(namespace ? { namespace } : {}),
    });
    if (site.object.apiVersion === 'v1' && site.object.kind === 'ConfigMap') {
      walkStrings(site.object.data, ['data'], (path, value) => visit(place(path), value));
    }
    const template = podTemplateOf(site.object);
    for (const list of ['containers', 'initContainers'] as const) {
      const containers = template?.spec[list];
      if (!template || !Array.isArray(containers)) continue;
      containers.forEach((c, i) => {
        const base = [...template.specPath, list, i];
        const container = record(c);
        (Array.isArray(container.env) ? container.env : []).forEach((e, j) => {
          if (typeof record(e).value === 'string')
            visit(place([...base, 'env', j, 'value']), record(e).value as string);
        });
        for (const field of ['args', 'command'] as const) {
          walkStrings(container[field], [...base, field], (path, value) => visit(place(path), value));
        }
      });
    }
  }
  return issues;
}

function problems(
  cluster: RenderedCluster,
  services: Map<string, number[]>,
  place: Place,
  ref: ServiceRef,
): Issue[] {
  const issue = (code: string, message: string, expected: string, hint?: string): Issue => {
    const finding = { code, message, path: place.path, expected, found: ref.text, ...(hint ? { hint } : {}) };
    return place.site
      ? objectIssue(place.site, place.namespace, finding)
      : { ...finding, file: place.file, cluster: cluster.cluster, component: place.component };
  };
  const host = `${ref.service}.${ref.namespace}.svc`;
  if (ref.domain !== '' && ref.domain !== CLUSTER_DOMAIN) {
    return [
      issue(
        'bad-service-domain',
        `the host name ${host}.${ref.domain} does not resolve: the cluster DNS domain is ${CLUSTER_DOMAIN}`,
        `${host} or ${host}.${CLUSTER_DOMAIN}`,
        'a chart value that sets the cluster domain (often called clusterName or clusterDomain) got something else',
      ),
    ];
  }
  const ports =
    services.get(`${ref.namespace}/${ref.service}`) ?? CLUSTER_SERVICES[`${ref.namespace}/${ref.service}`];
  if (ports === undefined) {
    return [
      issue(
        'unresolved-service',
        `no Service ${ref.service} in namespace ${ref.namespace} is rendered for cluster ${cluster.cluster}`,
        `a Service ${ref.namespace}/${ref.service} rendered for ${cluster.cluster}`,
        similar(services, ref),
      ),
    ];
  }
  const port = ref.port ?? (ref.scheme ? DEFAULT_PORTS[ref.scheme] : undefined);
  if (port === undefined || ports.includes(port)) return [];
  return [
    issue(
      'unresolved-port',
      `Service ${ref.namespace}/${ref.service} does not expose port ${port}`,
      `one of its ports ${ports.join(', ')}`,
    ),
  ];
}

function similar(services: Map<string, number[]>, ref: ServiceRef): string | undefined {
  const inNamespace = [...services.keys()]
    .filter((k) => k.startsWith(`${ref.namespace}/`))
    .map((k) => k.slice(ref.namespace.length + 1));
  const named = [...services.keys()].filter((k) => k.endsWith(`/${ref.service}`));
  if (named.length > 0) return `a Service of that name is in ${named.map((k) => k.split('/')[0]).join(', ')}`;
  return inNamespace.length > 0
    ? `Services in ${ref.namespace}: ${inNamespace.slice(0, 8).join(', ')}`
    : undefined;
}

/** `namespace/name` -> ports of every Service the cluster renders. */
function renderedServices(cluster: RenderedCluster): Map<string, number[]> {
  const services = new Map<string, number[]>();
  for (const { object, source } of clusterObjects(cluster)) {
    if (object.apiVersion !== 'v1' || object.kind !== 'Service') continue;
    const namespace = object.metadata?.namespace || source.namespace;
    const ports = (Array.isArray(record(object.spec).ports) ? (record(object.spec).ports as unknown[]) : [])
      .map((p) => Number(record(p).port))
      .filter(Number.isInteger);
    services.set(`${namespace}/${object.metadata?.name}`, ports);
  }
  // The Prometheus operator creates the governing headless Service of each Prometheus and
  // Alertmanager itself (no chart renders it); per-pod names go through it.
  for (const { object, source } of clusterObjects(cluster)) {
    if (object.apiVersion !== 'monitoring.coreos.com/v1') continue;
    const namespace = object.metadata?.namespace || source.namespace;
    const governing = OPERATOR_SERVICES[object.kind];
    if (governing && !services.has(`${namespace}/${governing.name}`))
      services.set(`${namespace}/${governing.name}`, governing.ports);
  }
  return services;
}

function walkStrings(
  value: unknown,
  path: PathSegment[],
  fn: (path: PathSegment[], value: string) => void,
): void {
  if (typeof value === 'string') fn(path, value);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walkStrings(v, [...path, i], fn);
  } else if (isRecord(value)) for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], fn);
}
