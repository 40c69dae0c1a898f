/**
 * Development runs one standalone server: the EXACT redis.conf and start.sh the chart renders
 * for agentic-dev-usw2 start a real server on loopback, which serves TLS only with a certificate
 * made from the rendered Certificate and demands the password it got from its environment (in
 * the pod: the Secret the ExternalSecret writes). Overridden, as for the cluster test (see
 * `__fixtures__/loopback.ts`): `--bind 127.0.0.1 --tls-port <free>` and the three `tls-*-file`
 * paths after the config, REDIS_CONFIG/REDIS_DATA_DIR/REDIS_TLS_DIR into a temp dir, POD_* and
 * REDIS_ANNOUNCE_HOSTNAME (unused in standalone mode), REDIS_PORT, REDIS_PASSWORD generated per
 * run, and TLS_RELOAD_INTERVAL_SECONDS 1 so a renewal is picked up quickly. The certificate is
 * issued at test time by a throwaway CA (root + intermediate, like Vault's pki_int) made with
 * openssl in the temp dir, which is deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueFor, makeTestCa, type TestCa } from './__fixtures__/certificates.ts';
import {
  allocateNodes,
  type LoopbackNode,
  type NodeTls,
  type RenderedFiles,
  requireServerBinaries,
  serverEnv,
  startNode,
  writeRenderedFiles,
} from './__fixtures__/loopback.ts';
import { ProcessGroup, pollUntil, run } from './__fixtures__/processes.ts';
import { chartValuesFor, loadDefaultFleet, objectOf, renderFor } from './__fixtures__/rendered.ts';
import { ReplyError, RespConnection } from './__fixtures__/resp.ts';

const password = randomBytes(18).toString('base64url');
const group = new ProcessGroup();
/** The name clients of the standalone server connect to: the client Service. */
const SERVICE = 'redis.infrastructure.svc.cluster.local';
let work: string;
let files: RenderedFiles;
let node: LoopbackNode;
let conn: RespConnection;
let ca: TestCa;
let certificate: Record<string, any>;
let tls: NodeTls;

const path = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

/** The serial number of the certificate the server presents to a new TLS connection. */
function presentedSerial(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTls({ host: '127.0.0.1', port, ca: tls.secret.ca, servername: SERVICE }, () => {
      const serial = socket.getPeerCertificate().serialNumber;
      socket.destroy();
      resolve(serial.replace(/^0+/, ''));
    });
    socket.once('error', reject);
  });
}

beforeAll(async () => {
  await requireServerBinaries();
  const objects = await renderFor(chartValuesFor(await loadDefaultFleet(), 'agentic-dev-usw2'));
  work = await mkdtemp(join(tmpdir(), 'redis-standalone-test-'));
  files = await writeRenderedFiles(objects, work);
  certificate = objectOf(objects, 'Certificate', 'redis-tls');
  ca = await makeTestCa(join(work, 'pki'));
  const secret = await issueFor(ca, certificate, join(work, 'redis-tls'));
  tls = { secret, client: { ca: secret.ca, servername: SERVICE } };
  [node] = (await allocateNodes(1, work)) as [LoopbackNode];
  await startNode(group, files, node, password, tls, { TLS_RELOAD_INTERVAL_SECONDS: '1' });
  conn = await RespConnection.open('127.0.0.1', node.port, 2000, tls.client);
  await conn.call(['AUTH', password]);
});

afterAll(async () => {
  conn?.close();
  await group.killAll();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('development standalone server from the rendered chart, on loopback', () => {
  it('renders a standalone configuration without cluster settings, with TLS from vault-pki', () => {
    expect(files.server.env).toContainEqual({ name: 'REDIS_MODE', value: 'standalone' });
    expect(certificate.spec.issuerRef).toEqual({
      group: 'cert-manager.io',
      kind: 'ClusterIssuer',
      name: 'vault-pki',
    });
  });

  it('serves TLS only: refuses a plain-text client and a client that does not trust the CA', async () => {
    const plain = await RespConnection.open('127.0.0.1', node.port);
    await expect(plain.call(['PING'])).rejects.toThrow(/connection closed|ECONNRESET/);
    plain.close();
    const stranger = await makeTestCa(join(work, 'other-pki'));
    await expect(
      RespConnection.open('127.0.0.1', node.port, 2000, { ...tls.client, ca: stranger.rootPem }),
    ).rejects.toThrow(/certificate/);
    await expect(
      RespConnection.open('127.0.0.1', node.port, 2000, {
        ...tls.client,
        servername: 'redis.other.svc.cluster.local',
      }),
    ).rejects.toThrow(/altnames|Hostname/);
    expect(await conn.call(['AUTH', password])).toBe('OK');
    const cfg = (await conn.call(['CONFIG', 'GET', '*'])) as string[];
    const get = (k: string) => cfg[cfg.indexOf(k) + 1];
    expect([get('port'), get('tls-port'), get('tls-replication'), get('tls-auth-clients')]).toEqual([
      '0',
      String(node.port),
      'yes',
      'optional',
    ]);
  });

  it('presents a certificate valid for the client Service and for localhost (the exporter dials it)', async () => {
    for (const servername of [SERVICE, 'redis.infrastructure.svc', 'localhost']) {
      const c = await RespConnection.open('127.0.0.1', node.port, 2000, { ...tls.client, servername });
      expect(await c.call(['AUTH', password])).toBe('OK');
      c.close();
    }
  });

  it('refuses clients without the password and accepts the one from the environment', async () => {
    const anonymous = await RespConnection.open('127.0.0.1', node.port, 2000, tls.client);
    expect(await anonymous.command(['GET', 'k'])).toEqual(
      expect.objectContaining({ message: expect.stringMatching(/^NOAUTH/) }),
    );
    expect(await anonymous.command(['AUTH', 'wrong-password'])).toBeInstanceOf(ReplyError);
    anonymous.close();
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

  it('answers the rendered probe script over TLS with the password, and fails it without either', async () => {
    const env = serverEnv(files, node, password, tls);
    for (const kind of ['readiness', 'liveness']) {
      const res = await run('sh', [files.pingSh, kind], { ...env, ...path }, 10_000);
      expect(res.code, res.stderr).toBe(0);
    }
    for (const broken of [{ REDIS_PASSWORD: 'nope' }, { REDIS_TLS_DIR: '' }]) {
      const denied = await run('sh', [files.pingSh, 'readiness'], { ...env, ...path, ...broken }, 10_000);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(/expected PONG/);
    }
  });

  it('loads a renewed certificate (new key) in place, without restarting the server', async () => {
    const pid = /process_id:(\d+)/.exec(String(await conn.call(['INFO', 'server'])))?.[1];
    const before = await presentedSerial(node.port);
    expect(before).toBe(tls.secret.serial.replace(/^0+/, ''));
    const renewed = await issueFor(ca, certificate, tls.secret.dir);
    expect(renewed.key).not.toBe(tls.secret.key);
    const want = renewed.serial.replace(/^0+/, '');
    await pollUntil(
      'the server to present the renewed certificate',
      async () => ((await presentedSerial(node.port)) === want ? true : undefined),
      15_000,
      250,
    );
    expect(/process_id:(\d+)/.exec(String(await conn.call(['INFO', 'server'])))?.[1]).toBe(pid);
    tls.secret = renewed;
  });

  it('refuses to start without a password', async () => {
    const env = serverEnv(files, node, password, tls, { REDIS_PASSWORD: '' });
    const res = await run('sh', [files.startSh], { ...env, ...path }, 10_000);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('REDIS_PASSWORD is empty');
  });
});
