/**
 * The chart works, not only renders: the EXACT redis.conf, start.sh and bootstrap.sh that helm
 * renders for the production cluster (agentic-prod-usw2) run real servers on loopback that speak
 * TLS only (clients, replication and the cluster bus), form a 3-master + 3-replica Redis
 * Cluster, serve keys across all slots, tolerate a second bootstrap run, add a missing node, and
 * fail a SIGKILLed master over to its replica without losing an acknowledged write. The pods run
 * Valkey 8.1; this machine runs Redis 7.0 from Debian (scripts/setup.sh): the config and scripts
 * use only what both support.
 *
 * What differs from the pods, and why (nothing else is changed; see `__fixtures__/loopback.ts`):
 * - appended to start.sh's command line, so they override redis.conf (they come after it):
 *   `--bind 127.0.0.1` (loopback only), `--tls-port` / `--cluster-port` set to free ports,
 *   because seven servers share one host and cannot all use 6379 and 16379, and the three
 *   `tls-*-file` paths, because the certificate is in the temp dir, not at /etc/redis-tls;
 * - the certificate: issued at test time from the rendered Certificate (its names and usages)
 *   by a throwaway CA made with openssl (root + intermediate, like Vault's pki_int), in the temp
 *   dir that is deleted afterwards; every node presents the same one, as every pod mounts the
 *   same Secret;
 * - start.sh environment: REDIS_CONFIG, REDIS_DATA_DIR and REDIS_TLS_DIR point into the temp dir
 *   (the pod's /etc/redis, /data and /etc/redis-tls mounts), POD_IP and REDIS_ANNOUNCE_HOSTNAME
 *   are 127.0.0.1 (no downward API, no headless-Service DNS here), POD_NAME is redis-<n>,
 *   REDIS_PORT the free port, and REDIS_PASSWORD is generated per run (the ExternalSecret's job
 *   in a cluster);
 * - bootstrap.sh environment: REDIS_NODES lists the loopback addresses instead of the six
 *   headless-Service names (asserted first), REDIS_PODS the same nodes' pod names (it changes
 *   when the test adds a seventh node), REDIS_PASSWORD and REDIS_TLS_DIR as above; the API
 *   server it reads zones from is a stand-in on loopback (`__fixtures__/kube-api.ts`: HTTPS with
 *   a certificate from the test CA, a token), so KUBERNETES_SERVICE_HOST/PORT (the kubelet's)
 *   and KUBE_API_DIR (the projected service-account volume) point at it; pod redis-<n> runs in
 *   zone-a, zone-b or zone-c by n mod 3, as a zone spread with two pods per zone could.
 * cluster-node-timeout keeps its rendered 5000 ms.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueFor, makeTestCa } from './__fixtures__/certificates.ts';
import { ClusterClient, type ClusterNode, parseClusterNodes } from './__fixtures__/cluster-client.ts';
import { type FakeKubeApi, startFakeKubeApi } from './__fixtures__/kube-api.ts';
import {
  allocateNodes,
  type LoopbackNode,
  type NodeTls,
  type RenderedFiles,
  requireServerBinaries,
  startNode,
  writeRenderedFiles,
} from './__fixtures__/loopback.ts';
import { killGroup, ProcessGroup, pollUntil, run, sleep } from './__fixtures__/processes.ts';
import {
  chartValuesFor,
  containerOf,
  envOf,
  loadDefaultFleet,
  objectOf,
  renderFor,
} from './__fixtures__/rendered.ts';
import { RespConnection } from './__fixtures__/resp.ts';

const password = randomBytes(18).toString('base64url');
const group = new ProcessGroup();
let work: string;
let files: RenderedFiles;
let job: Record<string, any>;
let nodes: LoopbackNode[];
let tls: NodeTls;
let api: FakeKubeApi;
let failed = false;
/** The zone of pod redis-<n>. */
const zoneOfPod = (name: string) => `zone-${'abc'[Number(name.split('-')[1]) % 3]}`;
/** The zone of the node at a cluster address. */
const zoneAt = (address: string) => zoneOfPod(nodes.find((n) => n.address === address)!.name);

/** A TLS connection to one node, authenticated. */
async function open(node: LoopbackNode): Promise<RespConnection> {
  const conn = await RespConnection.open('127.0.0.1', node.port, 2000, tls.client);
  await conn.call(['AUTH', password]);
  return conn;
}

async function clusterNodes(node: LoopbackNode): Promise<ClusterNode[]> {
  const conn = await open(node);
  try {
    return parseClusterNodes((await conn.call(['CLUSTER', 'NODES'])) as string);
  } finally {
    conn.close();
  }
}

/** The reply of one command on one node, as a string. */
async function ask(node: LoopbackNode, ...args: string[]): Promise<string> {
  const conn = await open(node);
  try {
    return String(await conn.call(args));
  } finally {
    conn.close();
  }
}

/** Runs the rendered bootstrap.sh with the Job's environment, pointed at `members`. */
function bootstrap(members: readonly LoopbackNode[]) {
  const env = envOf(containerOf(job, 'bootstrap'), {
    REDIS_NODES: members.map((n) => n.address).join(' '),
    REDIS_PODS: members.map((n) => n.name).join(' '),
    REDIS_PASSWORD: password,
    REDIS_TLS_DIR: tls.secret.dir,
    KUBE_API_DIR: api.env.KUBE_API_DIR,
  });
  const kubelet = {
    KUBERNETES_SERVICE_HOST: api.env.KUBERNETES_SERVICE_HOST,
    KUBERNETES_SERVICE_PORT: api.env.KUBERNETES_SERVICE_PORT,
  };
  return run(
    'sh',
    [files.bootstrapSh],
    { ...env, ...kubelet, PATH: process.env.PATH ?? '/usr/bin:/bin' },
    90_000,
  );
}

/** What a re-run must not change: every node's id, role, master, epoch and slots. */
const topology = (view: ClusterNode[]) =>
  view
    .map((n) => ({
      id: n.id,
      address: n.address,
      master: n.flags.includes('master'),
      of: n.masterId,
      epoch: n.configEpoch,
      slots: n.slots,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

beforeAll(async () => {
  await requireServerBinaries();
  const objects = await renderFor(chartValuesFor(await loadDefaultFleet(), 'agentic-prod-usw2'));
  work = await mkdtemp(join(tmpdir(), 'redis-cluster-test-'));
  files = await writeRenderedFiles(objects, work);
  job = objectOf(objects, 'Job', 'redis-bootstrap');
  const ca = await makeTestCa(join(work, 'pki'));
  const secret = await issueFor(ca, objectOf(objects, 'Certificate', 'redis-tls'), join(work, 'redis-tls'));
  api = await startFakeKubeApi(ca, join(work, 'kube-api'), 'infrastructure');
  for (let i = 0; i < 7; i++) api.zones.set(`redis-${i}`, zoneOfPod(`redis-${i}`));
  // a cluster-aware client follows redirects to the pods' names, which the wildcard covers
  tls = {
    secret,
    client: { ca: secret.ca, servername: 'redis-4.redis-headless.infrastructure.svc.cluster.local' },
  };
  nodes = await allocateNodes(6, work);
  await Promise.all(nodes.map((n) => startNode(group, files, n, password, tls)));
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') failed = true;
});

afterAll(async () => {
  await group.killAll();
  await api?.close();
  if (failed && work) {
    for (const n of nodes ?? []) {
      const log = await readFile(`${n.dir}.log`, 'utf8').catch(() => '');
      console.error(`--- ${n.name} (last lines)\n${log.split('\n').slice(-15).join('\n')}`);
    }
  }
  if (work) await rm(work, { recursive: true, force: true });
});

describe('production Redis Cluster from the rendered chart, on loopback', () => {
  it('runs what the pod runs: start.sh from the scripts ConfigMap, redis.conf from the config ConfigMap', () => {
    expect(files.server.command).toEqual(['sh', '/scripts/start.sh']);
    const mounts = Object.fromEntries((files.server.volumeMounts as any[]).map((m) => [m.name, m.mountPath]));
    expect(mounts).toMatchObject({ config: '/etc/redis', scripts: '/scripts', data: '/data' });
    const volumes = Object.fromEntries(
      (files.statefulSet.spec.template.spec.volumes as any[]).map((v) => [v.name, v.configMap?.name]),
    );
    expect(volumes).toMatchObject({ config: 'redis-config', scripts: 'redis-scripts' });
    expect(files.server.env).toContainEqual({ name: 'REDIS_CONFIG', value: '/etc/redis/redis.conf' });
    expect(containerOf(job, 'bootstrap').command).toEqual(['sh', '/scripts/bootstrap.sh']);
    const rendered = (containerOf(job, 'bootstrap').env as any[]).find((e) => e.name === 'REDIS_NODES').value;
    expect(rendered.split(' ')).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `redis-${i}.redis-headless.infrastructure.svc.cluster.local:6379`),
    );
  });

  it('refuses to create a cluster from the wrong number of nodes, and changes nothing', async () => {
    const res = await bootstrap(nodes.slice(0, 5));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('REDIS_NODES lists 5 nodes, but 3 masters with 1 replicas each need 6');
    for (const n of nodes) expect(await clusterNodes(n)).toHaveLength(1);
  });

  it('forms 3 masters with a replica each, with the persistence and timeouts the chart renders', async () => {
    const res = await bootstrap(nodes);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('bootstrap: cluster created');
    const view = await clusterNodes(nodes[0]!);
    const masters = view.filter((n) => n.flags.includes('master'));
    const replicas = view.filter((n) => n.flags.includes('slave'));
    expect([masters.length, replicas.length]).toEqual([3, 3]);
    expect(new Set(replicas.map((r) => r.masterId))).toEqual(new Set(masters.map((m) => m.id)));
    // one master per zone, every replica in another zone than its master
    expect(masters.map((m) => zoneAt(m.address)).sort()).toEqual(['zone-a', 'zone-b', 'zone-c']);
    for (const r of replicas)
      expect(zoneAt(r.address)).not.toBe(zoneAt(masters.find((m) => m.id === r.masterId)!.address));
    for (const n of nodes) {
      expect(await ask(n, 'INFO', 'cluster')).toContain('cluster_enabled:1');
      expect(await ask(n, 'CLUSTER', 'INFO')).toContain('cluster_state:ok');
      expect(await ask(n, 'INFO', 'persistence')).toContain('aof_enabled:1');
      const conn = await open(n);
      const cfg = (await conn.call(['CONFIG', 'GET', '*'])) as string[];
      conn.close();
      const get = (k: string) => cfg[cfg.indexOf(k) + 1];
      expect([
        get('appendonly'),
        get('appendfsync'),
        get('cluster-node-timeout'),
        get('maxmemory-policy'),
      ]).toEqual(['yes', 'everysec', '5000', 'noeviction']);
    }
  });

  it('speaks TLS only, on the client port, between replicas and masters, and on the cluster bus', async () => {
    for (const n of nodes.slice(0, 6)) {
      const plain = await RespConnection.open('127.0.0.1', n.port);
      await expect(plain.call(['PING'])).rejects.toThrow(/connection closed|ECONNRESET/);
      plain.close();
      const conn = await open(n);
      const cfg = (await conn.call(['CONFIG', 'GET', 'tls-*'])) as string[];
      const get = (k: string) => cfg[cfg.indexOf(k) + 1];
      expect([get('tls-cluster'), get('tls-replication'), get('tls-auth-clients')]).toEqual([
        'yes',
        'yes',
        'optional',
      ]);
      expect(((await conn.call(['CONFIG', 'GET', 'port'])) as string[])[1]).toBe('0');
      conn.close();
    }
    // replicas synced over TLS: their link to the master is up
    const links = await Promise.all(nodes.slice(0, 6).map((n) => ask(n, 'INFO', 'replication')));
    expect(links.filter((r) => r.includes('role:slave') && r.includes('master_link_status:up'))).toHaveLength(
      3,
    );
  });

  const acked = new Map<string, string>();
  let client: ClusterClient;

  it('writes and reads keys on every master; each write is acknowledged by a replica (WAIT 1)', async () => {
    client = new ClusterClient(
      nodes.map((n) => n.address),
      password,
      tls.client,
    );
    await client.refreshSlots();
    const owners = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const key = `key:${i}`;
      const value = `value-${i}-${randomBytes(4).toString('hex')}`;
      owners.add(await client.ownerOf(key));
      expect(await client.setAndWait(key, value, 2000)).toBeGreaterThanOrEqual(1);
      acked.set(key, value);
    }
    expect(owners.size).toBe(3);
    for (const [key, value] of acked) expect(await client.get(key)).toBe(value);
  });

  it('re-running bootstrap.sh changes nothing', async () => {
    const before = topology(await clusterNodes(nodes[0]!));
    const epoch = /cluster_current_epoch:(\d+)/.exec(await ask(nodes[0]!, 'CLUSTER', 'INFO'))?.[1];
    const res = await bootstrap(nodes);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('the cluster is already formed; nothing to do');
    expect(topology(await clusterNodes(nodes[0]!))).toEqual(before);
    expect(epoch).toMatch(/^\d+$/);
    expect(/cluster_current_epoch:(\d+)/.exec(await ask(nodes[0]!, 'CLUSTER', 'INFO'))?.[1]).toBe(epoch);
  });

  it('adds only a missing node, as a replica, and leaves the others alone', async () => {
    const [extra] = await allocateNodes(1, work, 6);
    await startNode(group, files, extra!, password, tls);
    nodes.push(extra!);
    const before = topology(await clusterNodes(nodes[0]!));
    const res = await bootstrap(nodes);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`adding ${extra!.address} (redis-6, zone zone-a) as a replica of`);
    const after = await clusterNodes(nodes[0]!);
    const added = after.find((n) => n.address === extra!.address);
    expect(added?.flags).toContain('slave');
    expect(zoneAt(after.find((n) => n.id === added?.masterId)!.address)).not.toBe('zone-a');
    expect(topology(after.filter((n) => n !== added))).toEqual(before);
  });

  it('fails a SIGKILLed master over to its replica without losing an acknowledged write', async () => {
    const view = await clusterNodes(nodes[0]!);
    const victimId = view.find(
      (m) => m.slots.length > 0 && view.filter((r) => r.masterId === m.id).length === 1,
    )!.id;
    const victimAddress = view.find((n) => n.id === victimId)!.address;
    const heirId = view.find((n) => n.masterId === victimId)!.id;
    const victim = nodes.find((n) => n.address === victimAddress)!;
    const survivors = nodes.filter((n) => n !== victim);

    // A writer keeps writing through the failover; a write counts only when WAIT 1 confirms it.
    let stop = false;
    let killed = false;
    let ackedOnVictim = 0;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const key = `during:${i}`;
        const value = `v${i}`;
        try {
          const owner = await client.ownerOf(key);
          if ((await client.setAndWait(key, value, 500)) >= 1) {
            acked.set(key, value);
            if (!killed && owner === victimAddress) ackedOnVictim++;
          }
        } catch {
          client.drop(victimAddress);
          await sleep(50);
          await client.refreshSlots().catch(() => undefined);
        }
      }
    })();
    await sleep(1000);
    killed = true;
    killGroup(victim.process!);
    client.reseed(survivors.map((n) => n.address));

    const promoted = await pollUntil(
      'the replica to take over the killed master',
      async () => {
        const now = await clusterNodes(survivors[0]!);
        const heir = now.find((n) => n.id === heirId);
        const dead = now.find((n) => n.id === victimId);
        const ok = (await ask(survivors[0]!, 'CLUSTER', 'INFO')).includes('cluster_state:ok');
        if (heir?.flags.includes('master') && heir.slots.length > 0 && dead?.flags.includes('fail') && ok)
          return heir;
        throw new Error(
          `heir ${heir?.flags.join(',')}, killed ${dead?.flags.join(',')}, cluster_state ok: ${ok}`,
        );
      },
      30_000,
      250,
    );
    expect(promoted.slots.length).toBeGreaterThan(0);
    await sleep(500);
    stop = true;
    await writer;
    expect(ackedOnVictim).toBeGreaterThan(0);

    const reader = new ClusterClient(
      survivors.map((n) => n.address),
      password,
      tls.client,
    );
    await reader.refreshSlots();
    const lost: string[] = [];
    for (const [key, value] of acked) if ((await reader.get(key)) !== value) lost.push(key);
    reader.close();
    expect(lost).toEqual([]);
    expect(acked.size).toBeGreaterThan(300);
  });

  it('the killed master restarts from its volume as a replica, and bootstrap.sh is a no-op again', async () => {
    const view = await clusterNodes(
      nodes.find(
        (n) => n.process && n.process.child.exitCode === null && n.process.child.signalCode === null,
      )!,
    );
    const down = view.find((n) => n.flags.includes('fail'))!;
    const victim = nodes.find((n) => n.address === down.address)!;
    await startNode(group, files, victim, password, tls);
    await pollUntil(
      'the old master to rejoin as a replica',
      async () => {
        const self = (await clusterNodes(victim)).find((n) => n.flags.includes('myself'));
        return self?.flags.includes('slave') && self.masterId ? true : undefined;
      },
      20_000,
      250,
    );
    const res = await bootstrap(nodes);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('nothing to do');
    client.close();
  });
});
