import type { Issue } from '@platform/errors';
import { clusterObjects, describeObject, groupOf, type ObjectSite, objectIssue, record } from './objects.ts';
import { effectiveNamespace } from './scopes.ts';
import type { FleetCheck } from './types.ts';

interface Scaler {
  site: ObjectSite;
  namespace: string;
  /** `<group>/<Kind> <namespace>/<name>` of the workload it scales. */
  target: string;
}

/** The workload a HorizontalPodAutoscaler or a KEDA ScaledObject scales, or undefined for neither. */
function scaler(site: ObjectSite): Scaler | undefined {
  const { object } = site;
  const group = groupOf(object);
  const isHpa = object.kind === 'HorizontalPodAutoscaler' && group === 'autoscaling';
  const isScaledObject = object.kind === 'ScaledObject' && group === 'keda.sh';
  if (!isHpa && !isScaledObject) return undefined;
  const ref = record(record(object.spec).scaleTargetRef);
  if (typeof ref.name !== 'string') return undefined;
  const namespace =
    effectiveNamespace(object, site.source.namespace, site.cluster) ??
    object.metadata?.namespace ??
    site.source.namespace;
  // a ScaledObject defaults to apps/v1 Deployment; an HPA names its kind
  const kind = typeof ref.kind === 'string' ? ref.kind : 'Deployment';
  const apiVersion = typeof ref.apiVersion === 'string' ? ref.apiVersion : 'apps/v1';
  const refGroup = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return { site, namespace, target: `${refGroup}/${kind} ${namespace}/${ref.name}` };
}

/**
 * A workload scaled by both a KEDA ScaledObject and a HorizontalPodAutoscaler of its own: KEDA
 * scales through an HPA it creates, so two HPA controllers would fight over the replicas
 * (docs/decisions.md#keda). Reported on the HPA, naming the ScaledObject.
 */
export const autoscalersCheck: FleetCheck = (fleet) =>
  fleet.clusters.flatMap((cluster) => {
    const scalers = [...clusterObjects(cluster)].map(scaler).filter((s): s is Scaler => s !== undefined);
    const scaledObjects = new Map<string, Scaler>();
    for (const s of scalers) if (s.site.object.kind === 'ScaledObject') scaledObjects.set(s.target, s);
    const issues: Issue[] = [];
    for (const s of scalers) {
      if (s.site.object.kind !== 'HorizontalPodAutoscaler') continue;
      const so = scaledObjects.get(s.target);
      if (so === undefined) continue;
      issues.push(
        objectIssue(s.site, s.namespace, {
          code: 'keda-and-hpa',
          message: `${s.target} is scaled by this HPA and by the KEDA ScaledObject ${describeObject(so.site.object, so.namespace)} (component ${so.site.source.component})`,
          path: 'spec.scaleTargetRef',
          expected: 'one autoscaler per workload (a ScaledObject or an HPA, not both)',
          found: `also ${describeObject(so.site.object, so.namespace)}`,
          hint: 'Move the HPA metrics into the ScaledObject triggers (cpu/memory scalers), or remove the ScaledObject.',
        }),
      );
    }
    return issues;
  });
