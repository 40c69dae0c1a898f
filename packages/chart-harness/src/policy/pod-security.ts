import { formatPath, isRecord, type PathSegment } from '../object-path.ts';
import type { ObjectProblem } from '../object-problem.ts';
import { type ContainerRef, containersOf, type PodTemplate, podTemplateOf } from './workloads.ts';

const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];
const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];

/**
 * The Kubernetes "restricted" Pod Security Standard for every container, init container and
 * ephemeral container of a workload: non-root, a RuntimeDefault/Localhost seccomp profile,
 * no privilege escalation, all capabilities dropped (only NET_BIND_SERVICE may be added),
 * not privileged, no host namespaces.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export function checkPodSecurity(manifest: Record<string, unknown>): ObjectProblem[] {
  const template = podTemplateOf(manifest);
  if (template === undefined) return [];
  const containers = containersOf(template);
  const podContext = record(template.spec.securityContext);
  const podPath = [...template.specPath, 'securityContext'];
  const problems: ObjectProblem[] = [];
  for (const field of HOST_NAMESPACES) {
    if (template.spec[field] === true) {
      problems.push(
        problem(
          [...template.specPath, field],
          `expected ${field} unset or false, found true`,
          `remove ${field}`,
        ),
      );
    }
  }
  problems.push(...inherited(template, containers, 'runAsNonRoot', (v) => v === true, 'true'));
  problems.push(
    ...inherited(
      template,
      containers,
      'seccompProfile',
      (v) => SECCOMP_TYPES.includes(String(record(v).type)),
      'type RuntimeDefault',
    ),
  );
  if (podContext.runAsUser === 0) {
    problems.push(
      problem([...podPath, 'runAsUser'], 'expected a non-zero UID, found 0', 'run as a non-root UID'),
    );
  }
  for (const ref of containers) problems.push(...containerProblems(ref));
  return problems;
}

/**
 * A setting that may sit on the pod or on each container (the container wins). When no
 * container sets it, one finding at pod level says where to put it.
 */
function inherited(
  template: PodTemplate,
  containers: readonly ContainerRef[],
  field: 'runAsNonRoot' | 'seccompProfile',
  ok: (value: unknown) => boolean,
  expected: string,
): ObjectProblem[] {
  const podPath = [...template.specPath, 'securityContext', field];
  const podValue = record(template.spec.securityContext)[field];
  const problems: ObjectProblem[] = [];
  let podLevelNeeded = false;
  for (const ref of containers) {
    const own = record(ref.container.securityContext)[field];
    if (own !== undefined) {
      if (!ok(own))
        problems.push(
          problem(
            [...ref.path, 'securityContext', field],
            `expected ${expected}, found ${show(own)}`,
            `set ${field} to ${expected}`,
          ),
        );
    } else if (!ok(podValue)) {
      podLevelNeeded = true;
    }
  }
  if (podLevelNeeded) {
    problems.unshift(
      problem(
        podPath,
        `expected ${expected} on the pod (or on every container), found ${show(podValue)}`,
        `set securityContext.${field} to ${expected}`,
      ),
    );
  }
  return problems;
}

function containerProblems(ref: ContainerRef): ObjectProblem[] {
  const context = record(ref.container.securityContext);
  const path = [...ref.path, 'securityContext'];
  const problems: ObjectProblem[] = [];
  if (context.allowPrivilegeEscalation !== false) {
    problems.push(
      problem(
        [...path, 'allowPrivilegeEscalation'],
        `expected false, found ${show(context.allowPrivilegeEscalation)}`,
        'set allowPrivilegeEscalation: false',
      ),
    );
  }
  if (context.privileged === true) {
    problems.push(
      problem([...path, 'privileged'], 'expected unset or false, found true', 'remove privileged'),
    );
  }
  if (context.runAsUser === 0) {
    problems.push(
      problem([...path, 'runAsUser'], 'expected a non-zero UID, found 0', 'run as a non-root UID'),
    );
  }
  const capabilities = record(context.capabilities);
  const drop = Array.isArray(capabilities.drop) ? capabilities.drop : [];
  if (!drop.includes('ALL')) {
    problems.push(
      problem(
        [...path, 'capabilities', 'drop'],
        `expected a list containing "ALL", found ${show(capabilities.drop)}`,
        'set capabilities.drop: [ALL]',
      ),
    );
  }
  const add = Array.isArray(capabilities.add) ? capabilities.add : [];
  add.forEach((capability, i) => {
    if (capability !== 'NET_BIND_SERVICE') {
      problems.push(
        problem(
          [...path, 'capabilities', 'add', i],
          `expected only NET_BIND_SERVICE, found ${show(capability)}`,
          'remove the capability',
        ),
      );
    }
  });
  return problems;
}

function problem(path: PathSegment[], found: string, fix: string): ObjectProblem {
  return {
    check: 'pod-security',
    path: formatPath(path),
    message: `restricted pod security: ${found}; ${fix}`,
  };
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
