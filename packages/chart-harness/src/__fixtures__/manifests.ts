/** In-memory manifests for unit tests: a Deployment that passes every policy, and ways to break it. */

/** A container that satisfies every policy. */
export function goodContainer(name = 'app'): Record<string, unknown> {
  return {
    name,
    image: 'registry.example.com/app:1.2.3',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
  };
}

const labels = { 'cost-center': 'platform', layer: 'l00', environment: 'development' };

/** A pod spec that satisfies every policy, with overrides merged at the top level. */
export function goodPodSpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [goodContainer()],
    ...overrides,
  };
}

/** A Deployment that satisfies every policy; `podSpec` overrides parts of its pod spec. */
export function goodDeployment(podSpec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'ns', labels: { ...labels } },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: { metadata: { labels: { app: 'app', ...labels } }, spec: goodPodSpec(podSpec) },
    },
  };
}

/** A CronJob whose pod sits under spec.jobTemplate.spec.template. */
export function goodCronJob(podSpec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'job', namespace: 'ns', labels: { ...labels } },
    spec: {
      schedule: '0 * * * *',
      jobTemplate: {
        spec: {
          template: {
            metadata: { labels: { ...labels } },
            spec: goodPodSpec({ restartPolicy: 'OnFailure', ...podSpec }),
          },
        },
      },
    },
  };
}

/** A bare Pod, which is its own template. */
export function goodPod(podSpec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pod', namespace: 'ns', labels: { ...labels } },
    spec: goodPodSpec(podSpec),
  };
}
