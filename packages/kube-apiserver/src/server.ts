import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatformError } from '@platform/errors';
import { KUBE_APISERVER_VERSION, locateEtcd, locateKubeApiServer } from './binaries.ts';
import { generatePki } from './certs.ts';
import { ApiClient, type ApiResponse } from './client.ts';

/** A Kubernetes object as rendered (the structural subset this package needs). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; generateName?: string; [k: string]: unknown };
  [key: string]: unknown;
}

/** What the API server said about one object. */
export interface AdmissionResult {
  /** `apps/v1 Deployment cert-manager/cert-manager` (namespace as applied). */
  ref: string;
  object: KubeObject;
  ok: boolean;
  /** HTTP status of the refusal. */
  status?: number;
  /** The Status reason (`Invalid`, `BadRequest`, `Forbidden`, `NotFound`, ...). */
  reason?: string;
  /** The API server's message, verbatim. */
  message?: string;
  /** Per-field causes of an `Invalid` refusal (`field` is the API server's field path). */
  causes?: { field?: string; message: string; reason?: string }[];
  /** Warnings the API server returned (deprecated APIs, PodSecurity warn/audit levels). */
  warnings: string[];
}

export interface StartOptions {
  /**
   * The Kubernetes version to behave as, `1.33` or `v1.33.4` (default: the binary's own). Minors
   * below the binary's run with `--emulated-version`, which serves that release's APIs and
   * feature defaults; a kube-apiserver emulates at most three minors back.
   */
  kubeVersion?: string;
  /** More kube-apiserver flags (appended; a later flag wins). */
  extraArgs?: string[];
  /** How long to wait for /readyz (default 180 s: the machine may be busy). */
  readyTimeoutMs?: number;
  /** Environment for the binary lookup (KUBE_APISERVER_BIN, ETCD_BIN). */
  env?: NodeJS.ProcessEnv;
}

export interface DryRunOptions {
  /** Namespace for namespaced objects without one (Argo CD: the destination namespace). Default `default`. */
  defaultNamespace?: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
}

export interface KubeApiServer {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** The binary's version, e.g. `v1.36.3`. */
  readonly binaryVersion: string;
  /** The emulated minor (`1.33`) when it differs from the binary's, else undefined. */
  readonly emulatedVersion: string | undefined;
  /** Creates (server-side apply, for real) each CRD and waits until it is Established. */
  applyCrds(crds: readonly KubeObject[]): Promise<AdmissionResult[]>;
  /**
   * Server-side apply dry run of each object (`dryRun=All`, `fieldValidation=Strict`). Namespace
   * objects are applied for real first (their labels drive PodSecurity admission), every other
   * namespace an object lands in is created for real when missing (with its `default`
   * ServiceAccount), and ServiceAccounts and PriorityClasses are applied for real (pod admission
   * looks them up). One result per input object, in input order.
   */
  dryRun(objects: readonly KubeObject[], options?: DryRunOptions): Promise<AdmissionResult[]>;
  /** A raw request as the admin user (for checks this package does not wrap). */
  request(method: string, path: string, body?: string, contentType?: string): Promise<ApiResponse>;
  /** Stops kube-apiserver and etcd and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

const FIELD_MANAGER = 'gen-gitops';
const APPLY_PATCH = 'application/apply-patch+yaml';

// ---------------------------------------------------------------------------------------------
// process lifecycle: every child is killed and every temp dir removed when this process exits

interface Running {
  children: ChildProcess[];
  dir: string;
}
const running = new Set<Running>();
let hooksInstalled = false;

function killNow(r: Running): void {
  for (const c of r.children) {
    if (c.exitCode === null && c.signalCode === null) {
      try {
        c.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  rmSync(r.dir, { recursive: true, force: true });
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const r of running) killNow(r);
    running.clear();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      for (const r of running) killNow(r);
      running.clear();
      // keep the default behaviour (exit by the signal) unless someone else handles it
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

// ---------------------------------------------------------------------------------------------

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer();
          s.on('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const a = s.address();
    if (a === null || typeof a === 'string') throw new PlatformError('could not allocate a loopback port');
    return a.port;
  });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function minorOf(version: string, what: string): number {
  const m = /^v?1\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
  if (!m)
    throw new PlatformError(
      `${what} '${version}' is not a Kubernetes version (expected 1.<minor> or v1.<minor>.<patch>)`,
    );
  return Number(m[1]);
}

/** The `--emulated-version` for a requested Kubernetes version, or undefined for the binary's own. */
export function emulationFor(
  kubeVersion: string | undefined,
  binaryVersion = KUBE_APISERVER_VERSION,
): string | undefined {
  if (kubeVersion === undefined) return undefined;
  const binary = minorOf(binaryVersion, 'binary version');
  const wanted = minorOf(kubeVersion, 'kubeVersion');
  if (wanted === binary) return undefined;
  if (wanted > binary || wanted < binary - 3) {
    throw new PlatformError(
      `kube-apiserver ${binaryVersion} can check objects for Kubernetes 1.${binary - 3} to 1.${binary}, not ${kubeVersion} ` +
        `(it emulates at most three minor versions back). Pin a kube-apiserver release for 1.${wanted} in ` +
        "scripts/setup.sh and packages/kube-apiserver, or change the cluster's kubernetesVersion.",
    );
  }
  return `1.${wanted}`;
}

function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts etcd and kube-apiserver on loopback with a throw-away PKI and waits until /readyz is ok. */
export async function startKubeApiServer(options: StartOptions = {}): Promise<KubeApiServer> {
  const kubeApiServerBin = locateKubeApiServer(options.env);
  const etcdBin = locateEtcd(options.env);
  const emulated = emulationFor(options.kubeVersion);

  const dir = mkdtempSync(join(tmpdir(), 'kube-apiserver-'));
  const r: Running = { children: [], dir };
  running.add(r);
  installExitHooks();
  const stopNow = () => {
    killNow(r);
    running.delete(r);
  };

  try {
    const pki = generatePki(dir);
    const [etcdClient, etcdPeer, securePort] = (await freePorts(3)) as [number, number, number];
    mkdirSync(join(dir, 'etcd'), { mode: 0o700 });
    const etcdLog = join(dir, 'etcd.log');
    const apiLog = join(dir, 'kube-apiserver.log');

    const spawnLogged = (bin: string, args: string[], log: string) => {
      const fd = openSync(log, 'a');
      const child = spawn(bin, args, { stdio: ['ignore', fd, fd], cwd: dir });
      closeSync(fd);
      r.children.push(child);
      return child;
    };

    const etcd = spawnLogged(
      etcdBin,
      [
        '--name=default',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
        // throw-away data: no fsync, no durability
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      etcdLog,
    );

    const apiserver = spawnLogged(
      kubeApiServerBin,
      [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${securePort}`,
        `--cert-dir=${join(dir, 'certs')}`,
        `--tls-cert-file=${pki.servingCert}`,
        `--tls-private-key-file=${pki.servingKey}`,
        `--client-ca-file=${pki.caCert}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.saPub}`,
        `--service-account-signing-key-file=${pki.saKey}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        // RBAC as in a real cluster; the admin client certificate is in system:masters
        '--authorization-mode=RBAC',
        // as every managed cluster (privileged pods are for PodSecurity to allow or refuse)
        '--allow-privileged=true',
        // the default admission plugins (PodSecurity among them) stay on
        '--profiling=false',
        ...(emulated ? [`--emulated-version=${emulated}`] : []),
        ...(options.extraArgs ?? []),
      ],
      apiLog,
    );

    const client = new ApiClient(securePort, pki);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
    let last = '';
    for (;;) {
      for (const [name, child, log] of [
        ['etcd', etcd, etcdLog],
        ['kube-apiserver', apiserver, apiLog],
      ] as const) {
        if (child.exitCode !== null || child.signalCode !== null) {
          const why = child.exitCode !== null ? `exit code ${child.exitCode}` : `signal ${child.signalCode}`;
          throw new PlatformError(
            `${name} stopped while starting (${why}); its log ends with:\n${tail(log)}`,
          );
        }
      }
      try {
        const res = await client.request('GET', '/readyz');
        if (res.status === 200) break;
        last = res.text;
      } catch (err) {
        last = (err as Error).message;
      }
      if (Date.now() > deadline) {
        throw new PlatformError(
          `kube-apiserver was not ready within ${Math.round((options.readyTimeoutMs ?? 180_000) / 1000)} s ` +
            `(last /readyz answer: ${last.trim().split('\n').slice(-5).join(' | ')}); its log ends with:\n${tail(apiLog)}`,
        );
      }
      await sleep(250);
    }

    return new Server(client, securePort, emulated, async () => {
      client.close();
      await Promise.all(
        r.children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              const timer = setTimeout(() => c.kill('SIGKILL'), 5_000);
              c.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              c.kill('SIGTERM');
            }),
        ),
      );
      stopNow();
    });
  } catch (err) {
    stopNow();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
}

function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

export function objectRef(o: KubeObject, namespace?: string): string {
  const name = o.metadata?.name ?? (o.metadata?.generateName ? `${o.metadata.generateName}*` : '<no name>');
  return `${o.apiVersion} ${o.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

function resultOf(ref: string, object: KubeObject, res: ApiResponse): AdmissionResult {
  if (res.status >= 200 && res.status < 300) return { ref, object, ok: true, warnings: res.warnings };
  const s = (res.body ?? {}) as StatusBody;
  const causes = s.details?.causes?.map((c) => ({
    ...(c.field ? { field: c.field } : {}),
    message: c.message ?? '',
    ...(c.reason ? { reason: c.reason } : {}),
  }));
  return {
    ref,
    object,
    ok: false,
    status: res.status,
    ...(s.reason ? { reason: s.reason } : {}),
    message: s.message ?? (res.text.trim() || `HTTP ${res.status}`),
    ...(causes && causes.length > 0 ? { causes } : {}),
    warnings: res.warnings,
  };
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

class Server implements KubeApiServer {
  readonly url: string;
  readonly binaryVersion = KUBE_APISERVER_VERSION;
  readonly emulatedVersion: string | undefined;
  readonly #client: ApiClient;
  readonly #stop: () => Promise<void>;
  #stopped: Promise<void> | undefined;
  readonly #discovery = new Map<string, Promise<ApiResource[] | undefined>>();
  readonly #namespaces = new Set<string>();

  constructor(client: ApiClient, port: number, emulated: string | undefined, stop: () => Promise<void>) {
    this.#client = client;
    this.url = `https://127.0.0.1:${port}`;
    this.emulatedVersion = emulated;
    this.#stop = stop;
  }

  request(method: string, path: string, body?: string, contentType?: string): Promise<ApiResponse> {
    return this.#client.request(method, path, body, contentType);
  }

  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  async #resource(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    let list = this.#discovery.get(apiVersion);
    if (!list) {
      list = this.#client.request('GET', groupVersionPath(apiVersion)).then((res) => {
        if (res.status === 404) return undefined;
        if (res.status !== 200) {
          throw new PlatformError(
            `discovery of ${apiVersion} failed: HTTP ${res.status} ${res.text.slice(0, 300)}`,
          );
        }
        return ((res.body as { resources?: ApiResource[] }).resources ?? []).filter(
          (r) => !r.name.includes('/'),
        );
      });
      this.#discovery.set(apiVersion, list);
    }
    return (await list)?.find((r) => r.kind === kind);
  }

  #path(apiVersion: string, res: ApiResource, namespace: string | undefined, name?: string): string {
    const ns = res.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? 'default')}` : '';
    return `${groupVersionPath(apiVersion)}${ns}/${res.name}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  /** Server-side apply of one object; `dryRun` adds dryRun=All. */
  async #apply(
    object: KubeObject,
    defaultNamespace: string | undefined,
    dryRun: boolean,
  ): Promise<AdmissionResult> {
    const res = await this.#resource(object.apiVersion, object.kind);
    if (!res) {
      return {
        ref: objectRef(object, object.metadata?.namespace),
        object,
        ok: false,
        status: 404,
        reason: 'NotFound',
        message:
          `no matches for kind "${object.kind}" in version "${object.apiVersion}": the API server does not serve it ` +
          '(a custom resource needs its CRD applied first)',
        warnings: [],
      };
    }
    const namespace = res.namespaced
      ? (object.metadata?.namespace ?? defaultNamespace ?? 'default')
      : undefined;
    const ref = objectRef(object, namespace);
    const { namespace: _drop, ...meta } = object.metadata ?? {};
    const body = JSON.stringify({ ...object, metadata: namespace ? { ...meta, namespace } : meta });
    const q = `fieldManager=${FIELD_MANAGER}&fieldValidation=Strict${dryRun ? '&dryRun=All' : ''}`;
    const name = object.metadata?.name;
    const answer = name
      ? await this.#client.request(
          'PATCH',
          `${this.#path(object.apiVersion, res, namespace, name)}?${q}&force=true`,
          body,
          APPLY_PATCH,
        )
      : // generateName only: server-side apply needs a name; a create is what Argo CD does then
        await this.#client.request('POST', `${this.#path(object.apiVersion, res, namespace)}?${q}`, body);
    return resultOf(ref, object, answer);
  }

  async #ensureNamespace(name: string): Promise<void> {
    if (this.#namespaces.has(name)) return;
    const created = (what: string, path: string, body: object) =>
      this.#client
        .request('POST', `${path}?fieldManager=${FIELD_MANAGER}`, JSON.stringify(body))
        .then((res) => {
          if (res.status !== 201 && res.status !== 409) {
            throw new PlatformError(`could not create ${what}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
          }
        });
    await created(`namespace ${name}`, '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
    // a cluster's controller manager gives each namespace its default ServiceAccount, which pods
    // that name none use; the ServiceAccount admission plugin refuses them without it
    await created(
      `the ServiceAccount ${name}/default`,
      `/api/v1/namespaces/${encodeURIComponent(name)}/serviceaccounts`,
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default' },
      },
    );
    this.#namespaces.add(name);
  }

  async applyCrds(crds: readonly KubeObject[]): Promise<AdmissionResult[]> {
    const results = await mapLimit(crds, 4, (crd) => this.#apply(crd, undefined, false));
    // new groups and versions appear in discovery once their CRDs are established
    this.#discovery.clear();
    const deadline = Date.now() + 120_000;
    return mapLimit(results, 8, async (r) => {
      if (!r.ok) return r;
      const name = r.object.metadata?.name ?? '';
      for (;;) {
        const res = await this.#client.request(
          'GET',
          `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(name)}`,
        );
        const conditions =
          (
            res.body as {
              status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
            }
          )?.status?.conditions ?? [];
        if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return r;
        const refused = conditions.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
        if (refused) {
          return {
            ...r,
            ok: false,
            reason: refused.reason ?? 'NamesNotAccepted',
            message: refused.message ?? 'names not accepted',
          };
        }
        if (Date.now() > deadline) {
          return {
            ...r,
            ok: false,
            reason: 'NotEstablished',
            message: 'the CRD was not Established within 120 s',
          };
        }
        await sleep(100);
      }
    });
  }

  async dryRun(objects: readonly KubeObject[], options: DryRunOptions = {}): Promise<AdmissionResult[]> {
    const isNamespace = (o: KubeObject) => o.apiVersion === 'v1' && o.kind === 'Namespace';
    const results = new Array<AdmissionResult>(objects.length);
    // Namespaces for real, first: namespaced objects need them, and their labels drive PodSecurity
    for (const [i, o] of objects.entries()) {
      if (!isNamespace(o)) continue;
      const r = await this.#apply(o, undefined, false);
      if (r.ok && o.metadata?.name) await this.#ensureNamespace(o.metadata.name);
      results[i] = r;
    }
    const others = [...objects.entries()].filter(([, o]) => !isNamespace(o));
    for (const [, o] of others) {
      const res = await this.#resource(o.apiVersion, o.kind);
      if (res?.namespaced)
        await this.#ensureNamespace(o.metadata?.namespace ?? options.defaultNamespace ?? 'default');
    }
    // What pod admission looks up (the ServiceAccount and Priority admission plugins) for real
    // next, as a cluster has them before the pods that name them
    const prerequisite = (o: KubeObject) =>
      (o.apiVersion === 'v1' && o.kind === 'ServiceAccount') ||
      (o.apiVersion === 'scheduling.k8s.io/v1' && o.kind === 'PriorityClass');
    const limit = options.concurrency ?? 8;
    await mapLimit(
      others.filter(([, o]) => prerequisite(o)),
      limit,
      async ([i, o]) => {
        results[i] = await this.#apply(o, options.defaultNamespace, false);
      },
    );
    await mapLimit(
      others.filter(([, o]) => !prerequisite(o)),
      limit,
      async ([i, o]) => {
        results[i] = await this.#apply(o, options.defaultNamespace, true);
      },
    );
    return results;
  }
}
