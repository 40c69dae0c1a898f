import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderedObject } from '@platform/chart-harness';
import { freePort, type ProcessGroup, run, type Started, waitForPong } from './processes.ts';
import { containerOf, envOf, objectOf } from './rendered.ts';

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
  await writeFile(files.startSh, scripts['start.sh'] ?? '');
  await writeFile(files.pingSh, scripts['ping.sh'] ?? '');
  await writeFile(files.bootstrapSh, scripts['bootstrap.sh'] ?? '');
  const statefulSet = objectOf(objects, 'StatefulSet', 'redis');
  return { ...files, statefulSet, server: containerOf(statefulSet, 'redis') };
}

/** One server of the test, on loopback: what differs from its pod is listed in the test's header. */
export interface LoopbackNode {
  name: string;
  port: number;
  busPort: number;
  dir: string;
  address: string;
  process?: Started;
}

export async function allocateNodes(count: number, workDir: string, first = 0): Promise<LoopbackNode[]> {
  const nodes: LoopbackNode[] = [];
  for (let i = first; i < first + count; i++) {
    const [port, busPort] = [await freePort(), await freePort()];
    const dir = join(workDir, `redis-${i}`);
    await mkdir(dir, { recursive: true });
    nodes.push({ name: `redis-${i}`, port, busPort, dir, address: `127.0.0.1:${port}` });
  }
  return nodes;
}

/**
 * Starts a node exactly as its pod does (`sh start.sh` with the container's environment), with
 * the overrides one machine needs, and waits for an authenticated PONG.
 */
export async function startNode(
  group: ProcessGroup,
  files: RenderedFiles,
  node: LoopbackNode,
  password: string,
): Promise<void> {
  const env = envOf(files.server, {
    REDIS_CONFIG: files.redisConf,
    REDIS_DATA_DIR: node.dir,
    REDIS_PORT: String(node.port),
    POD_NAME: node.name,
    POD_IP: '127.0.0.1',
    REDIS_ANNOUNCE_HOSTNAME: '127.0.0.1',
    REDIS_PASSWORD: password,
  });
  const args = [files.startSh, '--bind', '127.0.0.1', '--port', String(node.port)];
  if (env.REDIS_MODE === 'cluster') args.push('--cluster-port', String(node.busPort));
  node.process = group.start(
    'sh',
    args,
    { ...env, PATH: process.env.PATH ?? '/usr/bin:/bin' },
    `${node.dir}.log`,
  );
  await waitForPong(node.port, password);
}
