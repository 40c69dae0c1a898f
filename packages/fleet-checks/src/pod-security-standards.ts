import { formatPath, isRecord, type ObjectFinding, type PathSegment, record, show } from './objects.ts';
import { type ContainerRef, containersOf, type PodTemplate } from './workloads.ts';

/** A Pod Security Standards level that restricts anything. */
export type PodSecurityLevel = 'baseline' | 'restricted';

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];

type Rule = (template: PodTemplate, containers: readonly ContainerRef[]) => Violation[];
interface Violation {
  path: PathSegment[];
  expected: string;
  found: unknown;
  what: string;
}

/**
 * The violations of a pod template against a Pod Security Standards level, as the PodSecurity
 * admission plugin checks them (restricted includes every baseline control).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export function podSecurityViolations(template: PodTemplate, level: PodSecurityLevel): ObjectFinding[] {
  const containers = containersOf(template);
  const rules = level === 'restricted' ? [...BASELINE, ...RESTRICTED] : BASELINE;
  return rules
    .flatMap((rule) => rule(template, containers))
    .map((v) => ({
      code: 'pod-security',
      message: `violates the ${level} Pod Security Standard: ${v.what}`,
      path: formatPath(v.path),
      expected: v.expected,
      found: show(v.found),
    }));
}

const ctx = (c: ContainerRef) => record(c.container.securityContext);
const podCtx = (t: PodTemplate) => record(t.spec.securityContext);

const BASELINE: Rule[] = [
  (t) =>
    ['hostNetwork', 'hostPID', 'hostIPC'].flatMap((f) =>
      t.spec[f] === true
        ? [v([...t.specPath, f], 'unset or false', true, `${f} shares the node's namespace`)]
        : [],
    ),
  (t, cs) => [
    ...(record(podCtx(t).windowsOptions).hostProcess === true
      ? [
          v(
            [...t.specPath, 'securityContext', 'windowsOptions', 'hostProcess'],
            'unset or false',
            true,
            'host process',
          ),
        ]
      : []),
    ...cs.flatMap((c) =>
      record(ctx(c).windowsOptions).hostProcess === true
        ? [
            v(
              [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'],
              'unset or false',
              true,
              'host process',
            ),
          ]
        : [],
    ),
  ],
  (_t, cs) =>
    cs.flatMap((c) =>
      ctx(c).privileged === true
        ? [v([...c.path, 'securityContext', 'privileged'], 'unset or false', true, 'privileged container')]
        : [],
    ),
  (_t, cs) =>
    cs.flatMap((c) =>
      list(record(ctx(c).capabilities).add).flatMap((cap, i) =>
        BASELINE_CAPABILITIES.has(String(cap))
          ? []
          : [
              v(
                [...c.path, 'securityContext', 'capabilities', 'add', i],
                `one of ${[...BASELINE_CAPABILITIES].join(', ')}`,
                cap,
                'added capability',
              ),
            ],
      ),
    ),
  (t) =>
    list(t.spec.volumes).flatMap((vol, i) =>
      isRecord(vol) && vol.hostPath !== undefined
        ? [
            v(
              [...t.specPath, 'volumes', i, 'hostPath'],
              'no hostPath volumes',
              vol.hostPath,
              `hostPath volume "${vol.name}"`,
            ),
          ]
        : [],
    ),
  (_t, cs) =>
    cs.flatMap((c) =>
      list(c.container.ports).flatMap((p, i) => {
        const hostPort = record(p).hostPort;
        return typeof hostPort === 'number' && hostPort !== 0
          ? [v([...c.path, 'ports', i, 'hostPort'], 'unset or 0', hostPort, 'host port')]
          : [];
      }),
    ),
  (t, cs) => [
    ...appArmor(podCtx(t), [...t.specPath, 'securityContext']),
    ...cs.flatMap((c) => appArmor(ctx(c), [...c.path, 'securityContext'])),
  ],
  (t, cs) => [
    ...seLinux(podCtx(t), [...t.specPath, 'securityContext']),
    ...cs.flatMap((c) => seLinux(ctx(c), [...c.path, 'securityContext'])),
  ],
  (_t, cs) =>
    cs.flatMap((c) => {
      const procMount = ctx(c).procMount;
      return procMount !== undefined && procMount !== 'Default'
        ? [v([...c.path, 'securityContext', 'procMount'], 'unset or Default', procMount, 'unmasked /proc')]
        : [];
    }),
  (t, cs) =>
    [
      [podCtx(t), [...t.specPath, 'securityContext']] as const,
      ...cs.map((c) => [ctx(c), [...c.path, 'securityContext']] as const),
    ].flatMap(([sc, path]) =>
      record(sc.seccompProfile).type === 'Unconfined'
        ? [
            v(
              [...path, 'seccompProfile', 'type'],
              'RuntimeDefault or Localhost (not Unconfined)',
              'Unconfined',
              'unconfined seccomp',
            ),
          ]
        : [],
    ),
  (t) =>
    list(podCtx(t).sysctls).flatMap((s, i) =>
      SAFE_SYSCTLS.has(String(record(s).name))
        ? []
        : [
            v(
              [...t.specPath, 'securityContext', 'sysctls', i, 'name'],
              'a safe sysctl',
              record(s).name,
              'unsafe sysctl',
            ),
          ],
    ),
];

const RESTRICTED: Rule[] = [
  (t) =>
    list(t.spec.volumes).flatMap((vol, i) => {
      const type = Object.keys(record(vol)).find((k) => k !== 'name');
      return type === undefined || type === 'hostPath' || RESTRICTED_VOLUMES.has(type)
        ? []
        : [
            v(
              [...t.specPath, 'volumes', i, type],
              `a volume of type ${[...RESTRICTED_VOLUMES].join(', ')}`,
              type,
              `volume type ${type}`,
            ),
          ];
    }),
  (_t, cs) =>
    cs.flatMap((c) =>
      ctx(c).allowPrivilegeEscalation === false
        ? []
        : [
            v(
              [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
              'false',
              ctx(c).allowPrivilegeEscalation,
              'privilege escalation allowed',
            ),
          ],
    ),
  (t, cs) => inherited(t, cs, 'runAsNonRoot', (x) => x === true, 'true', 'may run as root'),
  (t, cs) => [
    ...(podCtx(t).runAsUser === 0
      ? [v([...t.specPath, 'securityContext', 'runAsUser'], 'a non-zero UID', 0, 'runs as root')]
      : []),
    ...cs.flatMap((c) =>
      ctx(c).runAsUser === 0
        ? [v([...c.path, 'securityContext', 'runAsUser'], 'a non-zero UID', 0, 'runs as root')]
        : [],
    ),
  ],
  (t, cs) =>
    inherited(
      t,
      cs,
      'seccompProfile',
      (x) => SECCOMP_TYPES.includes(String(record(x).type)),
      'type RuntimeDefault or Localhost',
      'no seccomp profile',
    ),
  (_t, cs) =>
    cs.flatMap((c) => {
      const caps = record(ctx(c).capabilities);
      const drop = list(caps.drop).map(String);
      const out: Violation[] = [];
      if (!drop.includes('ALL'))
        out.push(
          v(
            [...c.path, 'securityContext', 'capabilities', 'drop'],
            'a list containing ALL',
            caps.drop,
            'capabilities not dropped',
          ),
        );
      list(caps.add).forEach((cap, i) => {
        if (cap !== 'NET_BIND_SERVICE')
          out.push(
            v(
              [...c.path, 'securityContext', 'capabilities', 'add', i],
              'only NET_BIND_SERVICE',
              cap,
              'added capability',
            ),
          );
      });
      return out;
    }),
];

function v(path: PathSegment[], expected: string, found: unknown, what: string): Violation {
  return { path, expected, found, what };
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function appArmor(sc: Record<string, unknown>, path: PathSegment[]): Violation[] {
  const type = record(sc.appArmorProfile).type;
  return type === 'Unconfined'
    ? [v([...path, 'appArmorProfile', 'type'], 'RuntimeDefault or Localhost', type, 'unconfined AppArmor')]
    : [];
}

function seLinux(sc: Record<string, unknown>, path: PathSegment[]): Violation[] {
  const options = record(sc.seLinuxOptions);
  const out: Violation[] = [];
  if (options.type !== undefined && !SELINUX_TYPES.has(String(options.type)))
    out.push(
      v(
        [...path, 'seLinuxOptions', 'type'],
        'container_t, container_init_t, container_kvm_t or container_engine_t',
        options.type,
        'custom SELinux type',
      ),
    );
  for (const f of ['user', 'role'])
    if (options[f] !== undefined && options[f] !== '')
      out.push(v([...path, 'seLinuxOptions', f], 'unset', options[f], `custom SELinux ${f}`));
  return out;
}

/** A setting the pod may set for all containers, or each container for itself (the container wins). */
function inherited(
  t: PodTemplate,
  cs: readonly ContainerRef[],
  field: 'runAsNonRoot' | 'seccompProfile',
  ok: (value: unknown) => boolean,
  expected: string,
  what: string,
): Violation[] {
  const podValue = podCtx(t)[field];
  const out: Violation[] = [];
  let podLevel = false;
  for (const c of cs) {
    const own = ctx(c)[field];
    if (own !== undefined) {
      if (!ok(own)) out.push(v([...c.path, 'securityContext', field], expected, own, what));
    } else if (!ok(podValue)) podLevel = true;
  }
  if (podLevel)
    out.unshift(
      v(
        [...t.specPath, 'securityContext', field],
        `${expected} on the pod or on every container`,
        podValue,
        what,
      ),
    );
  return out;
}
