/**
 * Development runs one standalone server: the EXACT redis.conf and start.sh the chart renders
 * for agentic-dev-usw2 start a real server on loopback, which demands the password it got from
 * its environment (in the pod: the Secret the ExternalSecret writes). Overridden, as for the
 * cluster test: `--bind 127.0.0.1 --port <free>` after the config, REDIS_CONFIG/REDIS_DATA_DIR
 * into a temp dir, POD_* and REDIS_ANNOUNCE_HOSTNAME (unused in standalone mode), REDIS_PORT,
 * and REDIS_PASSWORD generated per run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allocateNodes,
  type LoopbackNode,
  type RenderedFiles,
  requireServerBinaries,
  startNode,
  writeRenderedFiles,
} from './__fixtures__/loopback.ts';
import { ProcessGroup, run } from './__fixtures__/processes.ts';
import { chartValuesFor, envOf, loadDefaultFleet, renderFor } from './__fixtures__/rendered.ts';
import { ReplyError, RespConnection } from './__fixtures__/resp.ts';

const password = randomBytes(18).toString('base64url');
const group = new ProcessGroup();
let work: string;
let files: RenderedFiles;
let node: LoopbackNode;
let conn: RespConnection;

beforeAll(async () => {
  await requireServerBinaries();
  const objects = await renderFor(chartValuesFor(await loadDefaultFleet(), 'agentic-dev-usw2'));
  work = await mkdtemp(join(tmpdir(), 'redis-standalone-test-'));
  files = await writeRenderedFiles(objects, work);
  [node] = (await allocateNodes(1, work)) as [LoopbackNode];
  await startNode(group, files, node, password);
  conn = await RespConnection.open('127.0.0.1', node.port);
});

afterAll(async () => {
  conn?.close();
  await group.killAll();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('development standalone server from the rendered chart, on loopback', () => {
  it('renders a standalone configuration without cluster settings', () => {
    expect(files.server.env).toContainEqual({ name: 'REDIS_MODE', value: 'standalone' });
  });

  it('refuses clients without the password and accepts the one from the environment', async () => {
    expect(await conn.command(['GET', 'k'])).toEqual(
      expect.objectContaining({ message: expect.stringMatching(/^NOAUTH/) }),
    );
    expect(await conn.command(['AUTH', 'wrong-password'])).toBeInstanceOf(ReplyError);
    expect(await conn.call(['AUTH', password])).toBe('OK');
    expect(await conn.call(['SET', 'queue:item', 'hello'])).toBe('OK');
    expect(await conn.call(['GET', 'queue:item'])).toBe('hello');
  });

  it('runs with the rendered persistence and memory settings, not in cluster mode', async () => {
    const cfg = (await conn.call(['CONFIG', 'GET', '*'])) as string[];
    const get = (k: string) => cfg[cfg.indexOf(k) + 1];
    expect({
      appendonly: get('appendonly'),
      appendfsync: get('appendfsync'),
      maxmemory: get('maxmemory'),
      policy: get('maxmemory-policy'),
      save: get('save'),
    }).toEqual({
      appendonly: 'yes',
      appendfsync: 'everysec',
      maxmemory: String(384 * 1024 * 1024),
      policy: 'noeviction',
      save: '',
    });
    expect(await conn.call(['INFO', 'cluster'])).toContain('cluster_enabled:0');
  });

  it('answers the rendered probe script with the password, and fails it without', async () => {
    const env = envOf(files.server, {
      REDIS_CONFIG: files.redisConf,
      REDIS_DATA_DIR: node.dir,
      REDIS_PORT: String(node.port),
      POD_NAME: node.name,
      POD_IP: '127.0.0.1',
      REDIS_ANNOUNCE_HOSTNAME: '127.0.0.1',
      REDIS_PASSWORD: password,
    });
    const path = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    for (const kind of ['readiness', 'liveness']) {
      expect((await run('sh', [files.pingSh, kind], { ...env, ...path }, 10_000)).code).toBe(0);
    }
    const denied = await run(
      'sh',
      [files.pingSh, 'readiness'],
      { ...env, ...path, REDIS_PASSWORD: 'nope' },
      10_000,
    );
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/expected PONG/);
  });

  it('refuses to start without a password', async () => {
    const env = envOf(files.server, {
      REDIS_CONFIG: files.redisConf,
      REDIS_DATA_DIR: node.dir,
      REDIS_PORT: String(node.port),
      POD_NAME: node.name,
      POD_IP: '127.0.0.1',
      REDIS_ANNOUNCE_HOSTNAME: '127.0.0.1',
      REDIS_PASSWORD: '',
    });
    const res = await run(
      'sh',
      [files.startSh],
      { ...env, PATH: process.env.PATH ?? '/usr/bin:/bin' },
      10_000,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('REDIS_PASSWORD is empty');
  });
});
