import type { Issue } from '@platform/errors';
import type { K8sObject, RenderedCluster, RenderedFleet } from '@platform/hydrate';
import { generatedApplications } from './applications.ts';
import {
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  labelValue,
  pathSegmentName,
  qualifiedName,
} from './names.ts';
import {
  clusterObjects,
  describeObject,
  formatPath,
  groupOf,
  type ObjectFinding,
  type ObjectSite,
  objectIssue,
  type PathSegment,
  record,
  show,
} from './objects.ts';
import { effectiveNamespace } from './scopes.ts';
import { selectorMatches, stringMap } from './selectors.ts';
import type { FleetCheck } from './types.ts';
import { podTemplateOf } from './workloads.ts';

/** The API server's limit on the total size of an object's annotations. */
export const ANNOTATIONS_LIMIT = 256 * 1024;
const ALLOWED_SYSTEM_PRIORITY_CLASSES = ['system-node-critical', 'system-cluster-critical'];
const SELECTOR_KINDS = new Set([
  'apps/Deployment',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'apps/ReplicaSet',
  'batch/Job',
]);
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/**
 * Rules the API server enforces beyond the schema that bite in practice: PodDisruptionBudget with
 * both fields, names per kind (a Service name is a DNS-1035 label of at most 63 characters),
 * label keys and values, the annotation size limit (including the copy client-side apply adds),
 * selectors that do not select their own pod template, reserved PriorityClass names, and the same
 * object rendered twice on one cluster.
 */
export const apiServerRulesCheck: FleetCheck = (fleet) =>
  fleet.clusters.flatMap((cluster) => [...objectRules(fleet, cluster), ...duplicates(cluster)]);

function objectRules(fleet: RenderedFleet, cluster: RenderedCluster): Issue[] {
  const apps = generatedApplications(fleet, cluster.cluster);
  const issues: Issue[] = [];
  for (const site of clusterObjects(cluster)) {
    const namespace = effectiveNamespace(site.object, site.source.namespace, cluster);
    const serverSide = apps.get(site.source.component)?.syncOptions.includes('ServerSideApply=true') ?? false;
    const findings = [
      ...pdbFields(site.object),
      ...nameRules(site.object),
      ...labelRules(site.object),
      ...annotationSize(site.object, serverSide),
      ...selectorRules(site.object),
      ...priorityClass(site.object),
    ];
    issues.push(...findings.map((f) => objectIssue(site, namespace, f)));
  }
  return issues;
}

function pdbFields(object: K8sObject): ObjectFinding[] {
  if (object.kind !== 'PodDisruptionBudget' || groupOf(object) !== 'policy') return [];
  const spec = record(object.spec);
  if (spec.minAvailable == null || spec.maxUnavailable == null) return [];
  return [
    {
      code: 'pdb-both-fields',
      message: 'a PodDisruptionBudget may set minAvailable or maxUnavailable, not both',
      path: 'spec.maxUnavailable',
      expected: 'only one of spec.minAvailable, spec.maxUnavailable',
      found: `minAvailable ${show(spec.minAvailable)} and maxUnavailable ${show(spec.maxUnavailable)}`,
      hint: 'set the other one to null in the values (e.g. maxUnavailable: null)',
    },
  ];
}

function nameRules(object: K8sObject): ObjectFinding[] {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    return [
      {
        code: 'invalid-name',
        message: 'object without a name',
        path: 'metadata.name',
        expected: 'a name',
        found: show(name),
      },
    ];
  }
  const group = groupOf(object);
  let rule: [string, string | undefined];
  if (group === '' && object.kind === 'Service')
    rule = ['a DNS-1035 label (at most 63 characters)', dns1035Label(name)];
  else if (group === '' && object.kind === 'Namespace')
    rule = ['a DNS-1123 label (at most 63 characters)', dns1123Label(name)];
  else if (group === 'rbac.authorization.k8s.io' && RBAC_KINDS.has(object.kind))
    rule = ['a path segment name', pathSegmentName(name)];
  else if (group === 'batch' && object.kind === 'CronJob' && name.length > 52)
    rule = ['at most 52 characters (the Jobs it creates append 11)', `${name.length} characters`];
  else rule = ['a DNS-1123 subdomain (at most 253 characters)', dns1123Subdomain(name)];
  const [expected, why] = rule;
  if (why === undefined) return [];
  return [
    {
      code: 'invalid-name',
      message: `invalid ${object.kind} name: ${why}`,
      path: 'metadata.name',
      expected,
      found: JSON.stringify(name),
      ...(object.kind === 'Service' && name.length > 63
        ? { hint: "shorten the release name or set the chart's fullnameOverride" }
        : {}),
    },
  ];
}

function labelRules(object: K8sObject): ObjectFinding[] {
  const maps: [PathSegment[], unknown][] = [[['metadata', 'labels'], object.metadata?.labels]];
  const template = podTemplateOf(object);
  if (template !== undefined && template.path.length > 0)
    maps.push([[...template.path, 'metadata', 'labels'], template.labels]);
  const findings: ObjectFinding[] = [];
  for (const [path, labels] of maps) {
    for (const [key, value] of Object.entries(record(labels))) {
      const badKey = qualifiedName(key);
      const badValue =
        typeof value === 'string' ? labelValue(value) : value == null ? undefined : 'not a string';
      if (badKey === undefined && badValue === undefined) continue;
      findings.push({
        code: 'invalid-label',
        message: badKey ? `invalid label key: ${badKey}` : `invalid label value: ${badValue}`,
        path: formatPath([...path, key]),
        expected: badKey
          ? 'a key [prefix/]name with a name of at most 63 characters'
          : 'a value of at most 63 alphanumerics, "-", "_" or ".", starting and ending alphanumeric',
        found: show(badKey ? key : value),
      });
    }
  }
  return findings;
}

function annotationSize(object: K8sObject, serverSide: boolean): ObjectFinding[] {
  const annotations = record(object.metadata?.annotations);
  const size = Object.entries(annotations).reduce((n, [k, v]) => n + k.length + String(v ?? '').length, 0);
  if (size > ANNOTATIONS_LIMIT) {
    return [
      {
        code: 'annotations-too-large',
        message: 'the annotations exceed the API server limit',
        path: 'metadata.annotations',
        expected: `at most ${ANNOTATIONS_LIMIT} bytes`,
        found: `${size} bytes`,
      },
    ];
  }
  if (serverSide) return [];
  // client-side apply stores the whole object in kubectl.kubernetes.io/last-applied-configuration
  const applied =
    size + 'kubectl.kubernetes.io/last-applied-configuration'.length + JSON.stringify(object).length;
  if (applied <= ANNOTATIONS_LIMIT) return [];
  return [
    {
      code: 'annotations-too-large',
      message:
        'client-side apply would store the object in its last-applied-configuration annotation, over the limit',
      path: 'metadata.annotations',
      expected: `at most ${ANNOTATIONS_LIMIT} bytes of annotations, or sync with ServerSideApply=true`,
      found: `about ${applied} bytes with the last-applied-configuration`,
      hint: "set the component's sync option serverSideApply so its Application syncs with ServerSideApply=true",
    },
  ];
}

function selectorRules(object: K8sObject): ObjectFinding[] {
  if (!SELECTOR_KINDS.has(`${groupOf(object)}/${object.kind}`)) return [];
  const spec = record(object.spec);
  if (object.kind === 'Job' && spec.selector === undefined) return [];
  const template = podTemplateOf(object);
  const selector = record(spec.selector);
  if (template === undefined) return [];
  const labels = stringMap(template.labels);
  const empty =
    Object.keys(record(selector.matchLabels)).length === 0 && !Array.isArray(selector.matchExpressions);
  if (!empty && selectorMatches(selector, labels)) return [];
  return [
    {
      code: 'selector-mismatch',
      message: empty ? 'empty selector' : 'the selector does not match the pod template labels',
      path: 'spec.selector',
      expected: `a selector matching ${formatPath([...template.path, 'metadata', 'labels'])}`,
      found: `selector ${JSON.stringify(spec.selector ?? {})}, template labels ${JSON.stringify(labels)}`,
    },
  ];
}

function priorityClass(object: K8sObject): ObjectFinding[] {
  if (object.kind !== 'PriorityClass' || groupOf(object) !== 'scheduling.k8s.io') return [];
  const name = object.metadata?.name ?? '';
  const findings: ObjectFinding[] = [];
  if (name.startsWith('system-') && !ALLOWED_SYSTEM_PRIORITY_CLASSES.includes(name)) {
    findings.push({
      code: 'reserved-priority-class',
      message: 'the "system-" prefix is reserved for PriorityClasses',
      path: 'metadata.name',
      expected: `a name without the "system-" prefix (only ${ALLOWED_SYSTEM_PRIORITY_CLASSES.join(' and ')} may use it)`,
      found: JSON.stringify(name),
      hint: 'rename the PriorityClass (e.g. platform-critical) and the priorityClassName that use it',
    });
  }
  const value = (object as { value?: unknown }).value;
  if (typeof value === 'number' && value > 1_000_000_000 && !ALLOWED_SYSTEM_PRIORITY_CLASSES.includes(name)) {
    findings.push({
      code: 'reserved-priority-class',
      message: 'values above 1000000000 are reserved for system PriorityClasses',
      path: 'value',
      expected: 'at most 1000000000',
      found: String(value),
    });
  }
  return findings;
}

function duplicates(cluster: RenderedCluster): Issue[] {
  const first = new Map<string, ObjectSite>();
  const issues: Issue[] = [];
  for (const site of clusterObjects(cluster)) {
    const { object, source } = site;
    const namespace = effectiveNamespace(object, source.namespace, cluster);
    const key = [groupOf(object), object.kind, namespace ?? '', object.metadata?.name ?? ''].join('\u0000');
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, site);
      continue;
    }
    const where = (s: ObjectSite) => `${s.source.component} (${s.source.source})`;
    issues.push(
      objectIssue(site, namespace, {
        code: 'duplicate-object',
        message:
          seen.source === source
            ? 'the same object is rendered twice by one source'
            : `the same object is also rendered by ${where(seen)}; Argo CD reports it as shared and the two Applications fight over it`,
        path: 'metadata.name',
        expected: 'each object rendered by one Application source only',
        found: `${describeObject(seen.object, namespace)} from ${where(seen)} and ${where(site)}`,
      }),
    );
  }
  return issues;
}
