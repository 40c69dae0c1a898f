import type { K8sObject } from '@platform/hydrate';

/** A realistic restricted-compliant Deployment, as an upstream chart renders one. */
export function deployment(
  name: string,
  namespace: string | undefined,
  overrides: Record<string, unknown> = {},
): K8sObject {
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(namespace ? { namespace } : {}), labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, creationTimestamp: null },
        spec: {
          serviceAccountName: name,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          tolerations: [{ key: 'node-role', operator: 'Equal', value: 'system', effect: 'NoSchedule' }],
          containers: [
            {
              name,
              image: `quay.io/example/${name}:v1.2.3`,
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
            },
          ],
        },
      },
    },
    ...overrides,
  };
}

/** A ClusterIP Service exposing `ports` (name -> port). */
export function service(
  name: string,
  namespace: string | undefined,
  ports: Record<string, number>,
): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': name },
      ports: Object.entries(ports).map(([portName, port]) => ({
        name: portName,
        port,
        targetPort: portName,
        protocol: 'TCP',
      })),
    },
  };
}

/** A Namespace with labels. */
export function namespaceObject(name: string, labels: Record<string, string> = {}): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A small namespaced CRD `Widget.example.io` serving v1 (and v1beta1 not served). */
export function widgetCrd(scope: 'Namespaced' | 'Cluster' = 'Namespaced'): K8sObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.io' },
    spec: {
      group: 'example.io',
      names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
      scope,
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  type: 'object',
                  required: ['size'],
                  properties: {
                    size: { type: 'integer', minimum: 1 },
                    port: { 'x-kubernetes-int-or-string': true },
                    mode: { type: 'string', enum: ['fast', 'safe'] },
                    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                    labels: { type: 'object', additionalProperties: { type: 'string' } },
                  },
                },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
        {
          name: 'v1beta1',
          served: false,
          storage: false,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}
