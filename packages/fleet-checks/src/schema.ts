import type { Issue } from '@platform/errors';
import type { RenderedCluster } from '@platform/hydrate';
import type { ValidateFunction } from 'ajv';
import { type CrdVersion, installedCrds } from './crds.ts';
import { clusterObjects, type ObjectSite, objectIssue, splitApiVersion } from './objects.ts';
import { closeCrd, withoutNulls } from './openapi/close-schema.ts';
import { kubeMinor } from './openapi/releases.ts';
import { type BuiltinSpec, builtinSpec, servedByDefault } from './openapi/spec.ts';
import { describeSchemaErrors } from './schema-errors.ts';
import { effectiveNamespace } from './scopes.ts';
import type { FleetCheck } from './types.ts';

/**
 * Every rendered object against the schema of its apiVersion and kind, as the API server with
 * strict field validation sees it: built-in kinds against the OpenAPI schemas of the cluster's
 * Kubernetes version (GA versions only: alpha and beta APIs are off by default), custom resources
 * against the served versions of the CRDs the same cluster's renders install.
 */
export const schemaCheck: FleetCheck = (fleet) => fleet.clusters.flatMap(checkCluster);

function checkCluster(cluster: RenderedCluster): Issue[] {
  const spec = builtinSpec(cluster.kubeVersion);
  const issues: Issue[] = [];
  for (const site of clusterObjects(cluster)) issues.push(...checkObject(site, spec));
  return issues;
}

function checkObject(site: ObjectSite, spec: BuiltinSpec): Issue[] {
  const { object, cluster } = site;
  const namespace = effectiveNamespace(object, site.source.namespace, cluster);
  const issue = (f: Parameters<typeof objectIssue>[2]) => objectIssue(site, namespace, f);
  if (
    typeof object.apiVersion !== 'string' ||
    typeof object.kind !== 'string' ||
    !object.apiVersion ||
    !object.kind
  ) {
    return [
      issue({
        code: 'schema',
        message: 'object without apiVersion and kind',
        path: typeof object.apiVersion !== 'string' || !object.apiVersion ? 'apiVersion' : 'kind',
        expected: 'apiVersion and kind set',
        found: `apiVersion ${JSON.stringify(object.apiVersion)}, kind ${JSON.stringify(object.kind)}`,
      }),
    ];
  }
  const { group, version } = splitApiVersion(object.apiVersion);
  const minor = kubeMinor(cluster.kubeVersion);
  let validate: ValidateFunction;
  if (group === '' || spec.groups.has(group)) {
    const resource = spec.resource(group, version, object.kind);
    if (resource === undefined || !servedByDefault(version)) {
      const served = spec.versionsOf(group, object.kind).filter(servedByDefault);
      return [
        issue({
          code: served.length > 0 || resource ? 'unserved-api' : 'unknown-kind',
          message:
            served.length > 0 || resource
              ? `${object.apiVersion} ${object.kind} is not served by Kubernetes ${minor}`
              : `Kubernetes ${minor} has no kind ${object.kind} in API group ${group || 'core'}`,
          path: 'apiVersion',
          expected:
            served.length > 0
              ? served.map((v) => `${group ? `${group}/` : ''}${v}`).join(' or ')
              : 'a served kind',
          found: object.apiVersion,
        }),
      ];
    }
    validate = spec.validator(resource);
  } else {
    const crd = installedCrds(cluster).get(`${group}/${object.kind}`);
    if (crd === undefined) {
      return [
        issue({
          code: 'missing-crd',
          message: `no CRD for ${object.kind}.${group} in cluster ${cluster.cluster}; install the component that ships it`,
          path: 'apiVersion',
          expected: `a CustomResourceDefinition for ${object.kind}.${group} rendered for ${cluster.cluster}`,
          found: 'none',
        }),
      ];
    }
    const crdVersion = crd.versions.find((v) => v.name === version);
    if (crdVersion === undefined || !crdVersion.served) {
      return [
        issue({
          code: 'unserved-api',
          message: `${object.apiVersion} ${object.kind} is not served by the CRD ${crd.name} (from ${crd.component})`,
          path: 'apiVersion',
          expected:
            crd.versions
              .filter((v) => v.served)
              .map((v) => `${group}/${v.name}`)
              .join(' or ') || 'a served version',
          found: object.apiVersion,
        }),
      ];
    }
    if (crdVersion.schema === undefined) return [];
    validate = spec.crdValidator(closedCrd(crdVersion));
  }
  const value = withoutNulls(object);
  if (validate(value)) return [];
  return describeSchemaErrors(validate.errors ?? [], value).map(issue);
}

const closed = new WeakMap<CrdVersion, Record<string, unknown>>();
function closedCrd(version: CrdVersion): Record<string, unknown> {
  let schema = closed.get(version);
  if (schema === undefined) {
    schema = closeCrd(version.schema);
    closed.set(version, schema);
  }
  return schema;
}
