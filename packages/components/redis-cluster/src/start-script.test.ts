import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './__fixtures__/processes.ts';
import { CHART_DIR } from './__fixtures__/rendered.ts';

/**
 * start.sh with a stand-in `valkey-server` that records its working directory and arguments:
 * what the real server is started with, and how nodes.conf is repaired after pods moved.
 */
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'redis-start-sh-'));
  await mkdir(join(work, 'bin'));
  await mkdir(join(work, 'data'));
  const fake = join(work, 'bin', 'valkey-server');
  await writeFile(
    fake,
    '#!/bin/sh\npwd > "$FAKE_OUT"\nfor a in "$@"; do printf "%s\\n" "$a" >> "$FAKE_OUT"; done\n',
  );
  await chmod(fake, 0o755);
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function start(env: Record<string, string>, ...args: string[]) {
  const out = join(work, 'args.txt');
  const res = await run(
    'sh',
    [join(CHART_DIR, 'files/start.sh'), ...args],
    {
      PATH: `${join(work, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      FAKE_OUT: out,
      REDIS_DATA_DIR: join(work, 'data'),
      REDIS_PASSWORD: 'pw with "quotes" and spaces',
      ...env,
    },
    10_000,
  );
  expect(res.code, res.stderr).toBe(0);
  return (await readFile(out, 'utf8')).trimEnd().split('\n');
}

describe('start.sh', () => {
  it('starts the server in the data directory with the config, the password as arguments, then extra arguments', async () => {
    expect(await start({ REDIS_MODE: 'standalone' }, '--port', '7000')).toEqual([
      join(work, 'data'),
      '/etc/redis/redis.conf',
      '--requirepass',
      'pw with "quotes" and spaces',
      '--masterauth',
      'pw with "quotes" and spaces',
      '--port',
      '7000',
    ]);
  });

  it('announces the pod IP and its stable hostname in cluster mode', async () => {
    const args = await start({
      REDIS_MODE: 'cluster',
      POD_IP: '10.1.2.3',
      REDIS_ANNOUNCE_HOSTNAME: 'redis-0.redis-headless.infrastructure.svc.cluster.local',
    });
    expect(args.slice(6)).toEqual([
      '--cluster-announce-ip',
      '10.1.2.3',
      '--cluster-announce-hostname',
      'redis-0.redis-headless.infrastructure.svc.cluster.local',
    ]);
  });

  it('rewrites peer IPs in nodes.conf from their hostnames, and leaves its own entry and the rest alone', async () => {
    const nodesConf = [
      'aaaa 10.9.9.9:6379@16379,127.0.0.1,shard-id=s1 master - 0 0 1 connected 0-5460',
      'bbbb 10.0.0.5:6379@16379,redis-1.example myself,master - 0 0 2 connected 5461-10922',
      'cccc 10.9.9.8:6379@16379,,shard-id=s3 slave aaaa 0 0 1 connected',
      'dddd 10.9.9.7:6379@16379 master - 0 0 3 connected 10923-16383',
      'vars currentEpoch 3 lastVoteEpoch 0',
    ];
    await writeFile(join(work, 'data', 'nodes.conf'), `${nodesConf.join('\n')}\n`);
    await start({ REDIS_MODE: 'cluster', POD_IP: '10.0.0.5', REDIS_ANNOUNCE_HOSTNAME: 'redis-1.example' });
    expect((await readFile(join(work, 'data', 'nodes.conf'), 'utf8')).trimEnd().split('\n')).toEqual([
      'aaaa 127.0.0.1:6379@16379,127.0.0.1,shard-id=s1 master - 0 0 1 connected 0-5460',
      ...nodesConf.slice(1),
    ]);
  });

  it('refuses cluster mode without a pod IP to announce', async () => {
    const res = await run(
      'sh',
      [join(CHART_DIR, 'files/start.sh')],
      {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        REDIS_PASSWORD: 'x',
        REDIS_MODE: 'cluster',
        REDIS_DATA_DIR: work,
      },
      10_000,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('POD_IP is empty');
  });
});
