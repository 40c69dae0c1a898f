import type { K8sObject } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { renderedFleet } from './__fixtures__/fleet.ts';
import { autoscalersCheck } from './autoscalers.ts';

const components = [{ name: 'worker', wave: 5, namespace: 'data-layer' }];

const hpa = (name: string, target: string, kind = 'Deployment'): K8sObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace: 'data-layer' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind, name: target }, minReplicas: 2, maxReplicas: 20 },
});
const scaledObject = (name: string, target: string, namespace = 'data-layer'): K8sObject => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name, namespace },
  spec: { scaleTargetRef: { name: target }, triggers: [] },
});

const check = (objects: K8sObject[]) =>
  autoscalersCheck(renderedFleet([{ components, sources: [{ component: 'worker', objects }] }]));

describe('autoscalersCheck', () => {
  it('refuses an HPA on a workload a ScaledObject already scales', () => {
    expect(check([scaledObject('handoff-processor', 'handoff'), hpa('handoff', 'handoff')])).toEqual([
      expect.objectContaining({
        code: 'keda-and-hpa',
        cluster: 'agentic-prod-usw2',
        component: 'worker',
        object: 'autoscaling/v2 HorizontalPodAutoscaler data-layer/handoff',
        path: 'spec.scaleTargetRef',
        found: 'also keda.sh/v1alpha1 ScaledObject data-layer/handoff-processor',
      }),
    ]);
  });

  it('accepts separate workloads, other namespaces and other kinds of the same name', () => {
    expect(
      check([
        scaledObject('a', 'agent-worker'),
        hpa('b', 'api'),
        scaledObject('c', 'api', 'agent-pool-default'),
        hpa('d', 'agent-worker', 'StatefulSet'),
      ]),
    ).toEqual([]);
  });
});
