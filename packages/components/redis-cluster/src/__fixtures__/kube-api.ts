import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { issueFor, type TestCa } from './certificates.ts';

/**
 * A stand-in for the two API server reads the zone-aware bootstrap makes: a pod (for its node)
 * and a node (for its zone label). HTTPS with a certificate for kubernetes.default.svc from the
 * test CA, a bearer token, JSON as the API server writes it (one line), 401 and 404 as it does.
 */
export interface FakeKubeApi {
  /** What the Job's environment gets from the kubelet and the chart (see the test headers). */
  env: { KUBERNETES_SERVICE_HOST: string; KUBERNETES_SERVICE_PORT: string; KUBE_API_DIR: string };
  /** Pod name -> zone of its node; change it between runs. */
  zones: Map<string, string>;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

const json = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });

export async function startFakeKubeApi(
  ca: TestCa,
  dir: string,
  namespace: string,
  zoneLabel = 'topology.kubernetes.io/zone',
): Promise<FakeKubeApi> {
  const serving = await issueFor(
    ca,
    {
      spec: {
        commonName: 'kube-apiserver',
        dnsNames: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
        usages: ['digital signature', 'server auth'],
      },
    },
    join(dir, 'serving'),
  );
  const token = randomBytes(24).toString('base64url');
  const account = join(dir, 'serviceaccount');
  await mkdir(account, { recursive: true });
  await writeFile(join(account, 'token'), token);
  await writeFile(join(account, 'ca.crt'), ca.rootPem);

  const zones = new Map<string, string>();
  const requests: string[] = [];
  const answer = (method: string, path: string, auth: string | undefined) => {
    if (auth !== `Bearer ${token}`)
      return json(401, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: 'Unauthorized',
        code: 401,
      });
    const pod = new RegExp(`^/api/v1/namespaces/${namespace}/pods/([a-z0-9-]+)$`).exec(path)?.[1];
    const node = /^\/api\/v1\/nodes\/node-([a-z0-9-]+)$/.exec(path)?.[1];
    if (method === 'GET' && pod && zones.has(pod))
      return json(200, {
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { name: pod, namespace, labels: { 'app.kubernetes.io/name': 'redis' } },
        spec: { containers: [{ name: 'redis' }], nodeName: `node-${pod}` },
        status: { phase: 'Running' },
      });
    if (method === 'GET' && node && zones.has(node))
      return json(200, {
        kind: 'Node',
        apiVersion: 'v1',
        metadata: {
          name: `node-${node}`,
          labels: { 'kubernetes.io/hostname': `node-${node}`, [zoneLabel]: zones.get(node) },
        },
        status: { nodeInfo: { kubeletVersion: 'v1.33.0' } },
      });
    return json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
  };
  const server: Server = createServer({ key: serving.key, cert: serving.cert }, (req, res) => {
    requests.push(req.url ?? '');
    const { status, body } = answer(req.method ?? '', req.url ?? '', req.headers.authorization);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the fake API server has no port');
  return {
    env: {
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: String(address.port),
      KUBE_API_DIR: account,
    },
    zones,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
