/**
 * Each master and its replica in different zones, with real servers: the EXACT redis.conf,
 * start.sh, bootstrap.sh and pair-replicas.awk helm renders for production (agentic-prod-usw2)
 * run two sets of six servers on loopback, and the bootstrap reads the pods' zones from a
 * stand-in API server (`__fixtures__/kube-api.ts`) that puts pod redis-<n> where each test says.
 *
 * Overridden as in real-cluster.test.ts (see its header), plus: every server has a loopback
 * address of its own (127.0.0.1x and 127.0.0.2x), as every pod has its own IP, because redis-cli
 * pairs replicas by host: on distinct hosts it pairs them exactly as in Kubernetes (the first
 * master with the second replica, and so on round), so the first test shows what the bootstrap
 * did before it knew zones, for pods placed a, b, c, c, a, b, which a zone spread allows.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueFor, makeTestCa } from './__fixtures__/certificates.ts';
import { type ClusterNode, parseClusterNodes } from './__fixtures__/cluster-client.ts';
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
import { ProcessGroup, run } from './__fixtures__/processes.ts';
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
let tls: NodeTls;
let api: FakeKubeApi;
/** A cluster formed before the bootstrap knew zones, and six servers for a new one. */
let formed: LoopbackNode[];
let fresh: LoopbackNode[];

/** Zones by pod: redis-0, redis-1, ... in the zones given, in turn. */
function placePods(...zones: string[]): void {
  api.zones.clear();
  for (let i = 0; i < zones.length; i++) api.zones.set(`redis-${i}`, zones[i]!);
}

/** Runs the rendered bootstrap.sh with the Job's environment on `members`, as in real-cluster.test.ts. */
function bootstrap(members: readonly LoopbackNode[], overrides: Record<string, string> = {}) {
  const env = envOf(containerOf(job, 'bootstrap'), {
    REDIS_NODES: members.map((n) => n.address).join(' '),
    REDIS_PASSWORD: password,
    REDIS_TLS_DIR: tls.secret.dir,
    KUBE_API_DIR: api.env.KUBE_API_DIR,
    ...overrides,
  });
  const kubelet = {
    KUBERNETES_SERVICE_HOST: api.env.KUBERNETES_SERVICE_HOST,
    KUBERNETES_SERVICE_PORT: api.env.KUBERNETES_SERVICE_PORT,
  };
  return run(
    'sh',
    [files.bootstrapSh],
    { ...env, ...kubelet, PATH: process.env.PATH ?? '/usr/bin:/bin' },
    120_000,
  );
}

async function clusterNodes(node: LoopbackNode): Promise<ClusterNode[]> {
  const conn = await RespConnection.open(node.host, node.port, 2000, tls.client);
  try {
    await conn.call(['AUTH', password]);
    return parseClusterNodes((await conn.call(['CLUSTER', 'NODES'])) as string);
  } finally {
    conn.close();
  }
}

/** Every replica with its master, as pod names, and the masters' pods. */
async function pairing(members: readonly LoopbackNode[]) {
  const view = await clusterNodes(members[0]!);
  const pod = (id: string | undefined) =>
    members.find((m) => m.address === view.find((n) => n.id === id)?.address)?.name ?? `unknown ${id}`;
  return {
    masters: view
      .filter((n) => n.flags.includes('master') && n.slots.length > 0)
      .map((n) => pod(n.id))
      .sort(),
    pairs: view
      .filter((n) => n.flags.includes('slave'))
      .map((n) => [pod(n.id), pod(n.masterId)] as const)
      .sort(),
  };
}

/** The pairs whose replica is in its master's zone. */
const sameZone = (pairs: readonly (readonly [string, string])[]) =>
  pairs.filter(([r, m]) => api.zones.get(r) === api.zones.get(m));

beforeAll(async () => {
  await requireServerBinaries();
  const objects = await renderFor(chartValuesFor(await loadDefaultFleet(), 'agentic-prod-usw2'));
  work = await mkdtemp(join(tmpdir(), 'redis-zones-test-'));
  files = await writeRenderedFiles(objects, work);
  job = objectOf(objects, 'Job', 'redis-bootstrap');
  const ca = await makeTestCa(join(work, 'pki'));
  const secret = await issueFor(ca, objectOf(objects, 'Certificate', 'redis-tls'), join(work, 'redis-tls'));
  tls = {
    secret,
    client: { ca: secret.ca, servername: 'redis-0.redis-headless.infrastructure.svc.cluster.local' },
  };
  api = await startFakeKubeApi(ca, join(work, 'kube-api'), 'infrastructure');
  formed = await allocateNodes(6, work, 0, (i) => `127.0.0.${11 + i}`, 'formed');
  fresh = await allocateNodes(6, work, 0, (i) => `127.0.0.${21 + i}`, 'fresh');
  await Promise.all([...formed, ...fresh].map((n) => startNode(group, files, n, password, tls)));
});

afterAll(async () => {
  await group.killAll();
  await api?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('replicas in another zone than their master, with real servers', () => {
  it('renders the zone-aware Job: the pods in node order, the namespace, the zone label, the projected token', () => {
    const env = Object.fromEntries(
      (containerOf(job, 'bootstrap').env as any[]).filter((e) => e.value).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      REDIS_PODS: 'redis-0 redis-1 redis-2 redis-3 redis-4 redis-5',
      POD_NAMESPACE: 'infrastructure',
      ZONE_LABEL: 'topology.kubernetes.io/zone',
      KUBE_API_DIR: '/var/run/secrets/kubernetes.io/serviceaccount',
    });
    expect(job.spec.template.spec.serviceAccountName).toBe('redis-bootstrap');
  });

  it('shows the problem: without zones redis-cli pairs each replica with the master in its own zone', async () => {
    placePods('zone-a', 'zone-b', 'zone-c', 'zone-c', 'zone-a', 'zone-b');
    const res = await bootstrap(formed, { REDIS_PODS: '' });
    expect(res.code, res.stderr).toBe(0);
    const { pairs } = await pairing(formed);
    expect(sameZone(pairs)).toHaveLength(3);
  });

  it('moves every replica of that formed cluster to a master in another zone, then changes nothing', async () => {
    const before = await pairing(formed);
    const res = await bootstrap(formed);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(
      'zones: redis-0=zone-a redis-1=zone-b redis-2=zone-c redis-3=zone-c redis-4=zone-a redis-5=zone-b',
    );
    expect(res.stdout).toMatch(
      /moving replica 127\.0\.0\.14:\d+ \(redis-3, zone zone-c\) to \S+ \(redis-1, zone zone-b\): its master was \S+ \(redis-2, zone zone-c\)/,
    );
    expect(res.stdout).toContain('moved 3 replica(s) to a master in another zone');
    const after = await pairing(formed);
    expect(after.masters).toEqual(before.masters);
    expect(after.pairs).toHaveLength(3);
    expect(sameZone(after.pairs)).toEqual([]);
    const again = await bootstrap(formed);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('the cluster is already formed; nothing to do');
    expect((await pairing(formed)).pairs).toEqual(after.pairs);
  });

  it("fails with the API server's answer when it refuses the service account, and changes nothing", async () => {
    const account = join(work, 'wrong-account');
    await mkdir(account);
    await writeFile(join(account, 'token'), 'not-the-token');
    await copyFile(join(api.env.KUBE_API_DIR, 'ca.crt'), join(account, 'ca.crt'));
    const res = await bootstrap(fresh, { KUBE_API_DIR: account });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /GET \/api\/v1\/namespaces\/infrastructure\/pods\/redis-0: HTTP\/1\.1 401 Unauthorized/,
    );
    expect(res.stderr).toMatch(/cannot read pod redis-0 from the Kubernetes API/);
    for (const n of fresh) expect(await clusterNodes(n)).toHaveLength(1);
  });

  it('refuses to create a cluster when too many pods share a zone, and changes nothing', async () => {
    placePods('zone-a', 'zone-a', 'zone-a', 'zone-a', 'zone-b', 'zone-b');
    const res = await bootstrap(fresh);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("cannot place every replica in a zone other than its master's");
    expect(res.stderr).toContain('pods per zone: zone-a=4 zone-b=2');
    expect(res.stderr).toContain('Nothing was changed');
    for (const n of fresh) expect(await clusterNodes(n)).toHaveLength(1);
  });

  it('creates a cluster with one master per zone and every replica in another zone than its master', async () => {
    placePods('zone-a', 'zone-b', 'zone-c', 'zone-c', 'zone-a', 'zone-b');
    const res = await bootstrap(fresh);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('bootstrap: cluster created');
    const { masters, pairs } = await pairing(fresh);
    expect(masters.map((m) => api.zones.get(m)).sort()).toEqual(['zone-a', 'zone-b', 'zone-c']);
    expect(pairs).toHaveLength(3);
    expect(sameZone(pairs)).toEqual([]);
    // deterministic: the same zones always give the same pairs
    expect(pairs).toEqual([
      ['redis-3', 'redis-1'],
      ['redis-4', 'redis-2'],
      ['redis-5', 'redis-0'],
    ]);
  });
});
