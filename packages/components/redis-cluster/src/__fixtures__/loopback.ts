import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderedObject } from '@platform/chart-harness';
import type { IssuedSecret } from './certificates.ts';
import { freePort, type ProcessGroup, run, type Started, waitForPong } from './processes.ts';
import { containerOf, envOf, objectOf } from './rendered.ts';
import type { ClientTls } from './resp.ts';

type Manifest = Record<string, any>;

/** Fails with the fix when this machine has no server or CLI (scripts/setup.sh installs them). */
export async function requireServerBinaries(): Promise<void> {
  const probe =
    'command -v valkey-server || command -v redis-server; command -v valkey-cli || command -v redis-cli';
  const res = await run('sh', ['-c', probe], { PATH: process.env.PATH ?? '/usr/bin:/bin' }, 5000);
  if (res.stdout.trim().split('\n').filter(Boolean).length < 2) {
    throw new Error(
      'redis-server/redis-cli (or valkey-server/valkey-cli) are not on PATH: run `bash scripts/setup.sh` ' +
        '(it installs the Debian packages redis-server and redis-tools)',
    );
  }
}

/** The rendered files the pods mount, written byte for byte into a work directory. */
export interface RenderedFiles {
  redisConf: string;
  startSh: string;
  pingSh: string;
  bootstrapSh: string;
  statefulSet: Manifest;
  server: Manifest;
}

/** Extracts redis.conf and the scripts from the rendered ConfigMaps and writes them to `dir`. */
export async function writeRenderedFiles(
  objects: readonly RenderedObject[],
  dir: string,
): Promise<RenderedFiles> {
  const config = objectOf(objects, 'ConfigMap', 'redis-config').data as Record<string, string>;
  const scripts = objectOf(objects, 'ConfigMap', 'redis-scripts').data as Record<string, string>;
  const files = {
    redisConf: join(dir, 'redis.conf'),
    startSh: join(dir, 'start.sh'),
    pingSh: join(dir, 'ping.sh'),
    bootstrapSh: join(dir, 'bootstrap.sh'),
  };
  await writeFile(files.redisConf, config['redis.conf'] ?? '');
  // every key of the scripts ConfigMap, as the pods see /scripts
  for (const [name, content] of Object.entries(scripts)) await writeFile(join(dir, name), content);
  const statefulSet = objectOf(objects, 'StatefulSet', 'redis');
  return { ...files, statefulSet, server: containerOf(statefulSet, 'redis') };
}

/** One server of the test, on loopback: what differs from its pod is listed in the test's header. */
export interface LoopbackNode {
  name: string;
  /** A loopback address of its own (127.0.0.x) when the test needs the nodes on distinct hosts. */
  host: string;
  port: number;
  busPort: number;
  dir: string;
  address: string;
  process?: Started;
}

/**
 * Ports and data directories for nodes redis-<first>..; `host` gives each its loopback address
 * (all 127.0.0.1 by default; Linux routes all of 127.0.0.0/8 to the loopback interface).
 */
export async function allocateNodes(
  count: number,
  workDir: string,
  first = 0,
  host: (i: number) => string = () => '127.0.0.1',
  dirPrefix = 'redis',
): Promise<LoopbackNode[]> {
  const nodes: LoopbackNode[] = [];
  for (let i = first; i < first + count; i++) {
    const [port, busPort] = [await freePort(), await freePort()];
    const dir = join(workDir, `${dirPrefix}-${i}`);
    await mkdir(dir, { recursive: true });
    nodes.push({ name: `redis-${i}`, host: host(i), port, busPort, dir, address: `${host(i)}:${port}` });
  }
  return nodes;
}

/**
 * What a test client needs to reach the nodes over TLS: the Secret's files (the pods' mount) and
 * the name to expect in the certificate. Undefined when the chart renders TLS off.
 */
export interface NodeTls {
  secret: IssuedSecret;
  client: ClientTls;
}

/** Whether the rendered server container is started with TLS (the chart sets REDIS_TLS_DIR). */
export function rendersTls(files: RenderedFiles): boolean {
  return (files.server.env as Manifest[]).some((e) => e.name === 'REDIS_TLS_DIR');
}

/**
 * The server's environment as its pod has it, with the overrides one machine needs: the temp
 * dir for /etc/redis and /data, loopback for the announced address, the free port, the
 * generated password and, with TLS, the Secret's files in the temp dir.
 */
export function serverEnv(
  files: RenderedFiles,
  node: LoopbackNode,
  password: string,
  tls?: NodeTls,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return envOf(files.server, {
    REDIS_CONFIG: files.redisConf,
    REDIS_DATA_DIR: node.dir,
    REDIS_PORT: String(node.port),
    POD_NAME: node.name,
    POD_IP: node.host,
    REDIS_ANNOUNCE_HOSTNAME: node.host,
    REDIS_PASSWORD: password,
    ...(tls ? { REDIS_TLS_DIR: tls.secret.dir } : {}),
    ...extra,
  });
}

/**
 * Starts a node exactly as its pod does (`sh start.sh` with the container's environment), with
 * the overrides one machine needs, and waits for an authenticated PONG. Appended arguments
 * override redis.conf: `--bind <its loopback address>`, the free port (`--tls-port` when TLS is on, which
 * keeps the rendered `port 0`), the free bus port, and with TLS the three `tls-*-file` paths,
 * because the Secret is in the temp dir rather than at /etc/redis-tls.
 */
export async function startNode(
  group: ProcessGroup,
  files: RenderedFiles,
  node: LoopbackNode,
  password: string,
  tls?: NodeTls,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<void> {
  if (rendersTls(files) !== (tls !== undefined))
    throw new Error(
      `the chart renders TLS ${rendersTls(files) ? 'on' : 'off'}: give the test ${rendersTls(files) ? 'a' : 'no'} certificate`,
    );
  const env = serverEnv(files, node, password, tls, extraEnv);
  const args = [files.startSh, '--bind', node.host];
  if (tls) {
    const d = tls.secret.dir;
    args.push('--tls-port', String(node.port), '--tls-cert-file', `${d}/tls.crt`);
    args.push('--tls-key-file', `${d}/tls.key`, '--tls-ca-cert-file', `${d}/ca.crt`);
  } else {
    args.push('--port', String(node.port));
  }
  if (env.REDIS_MODE === 'cluster') args.push('--cluster-port', String(node.busPort));
  node.process = group.start(
    'sh',
    args,
    { ...env, PATH: process.env.PATH ?? '/usr/bin:/bin' },
    `${node.dir}.log`,
  );
  await waitForPong(node.port, password, 10_000, tls?.client, node.host);
}
