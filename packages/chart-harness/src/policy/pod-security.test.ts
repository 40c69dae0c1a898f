import { describe, expect, it } from 'vitest';
import { goodContainer, goodCronJob, goodDeployment, goodPod } from '../__fixtures__/manifests.ts';
import { checkPodSecurity } from './pod-security.ts';

const pod = 'spec.template.spec';
const paths = (manifest: Record<string, unknown>) => checkPodSecurity(manifest).map((p) => p.path);

describe('checkPodSecurity', () => {
  it('accepts a workload that meets the restricted profile', () => {
    expect(checkPodSecurity(goodDeployment())).toEqual([]);
    expect(checkPodSecurity(goodCronJob())).toEqual([]);
    expect(checkPodSecurity(goodPod())).toEqual([]);
  });

  it('accepts runAsNonRoot and seccomp set on every container instead of the pod', () => {
    const container = goodContainer();
    container.securityContext = {
      ...(container.securityContext as object),
      runAsNonRoot: true,
      seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' },
    };
    expect(checkPodSecurity(goodDeployment({ securityContext: {}, containers: [container] }))).toEqual([]);
  });

  it('reports a container that overrides the pod with runAsNonRoot false or an Unconfined profile', () => {
    const container = goodContainer();
    container.securityContext = {
      ...(container.securityContext as object),
      runAsNonRoot: false,
      seccompProfile: { type: 'Unconfined' },
    };
    expect(paths(goodDeployment({ containers: [container] }))).toEqual([
      `${pod}.containers[0].securityContext.runAsNonRoot`,
      `${pod}.containers[0].securityContext.seccompProfile`,
    ]);
  });

  it('reports init and ephemeral containers too', () => {
    const init = { ...goodContainer('init'), securityContext: {} };
    const debug = {
      name: 'debug',
      image: 'busybox:1.36',
      securityContext: { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } },
    };
    expect(paths(goodDeployment({ initContainers: [init], ephemeralContainers: [debug] }))).toEqual([
      `${pod}.initContainers[0].securityContext.allowPrivilegeEscalation`,
      `${pod}.initContainers[0].securityContext.capabilities.drop`,
      `${pod}.ephemeralContainers[0].securityContext.allowPrivilegeEscalation`,
      `${pod}.ephemeralContainers[0].securityContext.capabilities.add[0]`,
    ]);
  });

  it('reports host namespaces and running as UID 0 in a CronJob', () => {
    const jobPod = 'spec.jobTemplate.spec.template.spec';
    expect(
      paths(
        goodCronJob({
          hostPID: true,
          hostIPC: true,
          securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
        }),
      ),
    ).toEqual([`${jobPod}.hostPID`, `${jobPod}.hostIPC`, `${jobPod}.securityContext.runAsUser`]);
  });

  it('reports a missing pod-level setting once, not once per container', () => {
    const problems = checkPodSecurity(
      goodDeployment({ securityContext: {}, containers: [goodContainer('a'), goodContainer('b')] }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      `${pod}.securityContext.runAsNonRoot`,
      `${pod}.securityContext.seccompProfile`,
    ]);
    expect(problems[0]?.message).toBe(
      'restricted pod security: expected true on the pod (or on every container), found nothing; ' +
        'set securityContext.runAsNonRoot to true',
    );
  });

  it('ignores objects that are not workloads', () => {
    expect(checkPodSecurity({ apiVersion: 'v1', kind: 'Service', spec: { hostNetwork: true } })).toEqual([]);
  });
});
