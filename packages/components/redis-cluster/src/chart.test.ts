import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkChart, type RenderedObject } from '@platform/chart-harness';
import { computeFleet, type Fleet, generatedJsonSchema } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CHART_DIR,
  COMPONENTS,
  containerOf,
  loadDefaultFleet,
  objectOf,
  RELEASE,
} from './__fixtures__/rendered.ts';
import { chartValues, SERVER_IMAGE, SERVER_VERSION } from './index.ts';

type Manifest = Record<string, any>;
let fleet: Fleet;
let rendered: Map<string, RenderedObject[]>;

beforeAll(async () => {
  fleet = await loadDefaultFleet();
  const { clusters } = computeFleet(fleet, COMPONENTS);
  const scenarios = clusters.map((cc) => ({
    name: cc.context.cluster.name,
    values: cc.components.find((c) => c.definition.name === 'redis-cluster')!.targets.chart!.values,
    ...RELEASE,
  }));
  const edges = readdirSync(join(CHART_DIR, 'ci'))
    .filter((f) => f.startsWith('edge-') && f.endsWith('-values.yaml'))
    .map((f) => ({
      name: f.replace(/-values\.yaml$/, ''),
      values: parse(readFileSync(join(CHART_DIR, 'ci', f), 'utf8')),
      ...RELEASE,
    }));
  const result = await checkChart(CHART_DIR, [...scenarios, ...edges]);
  expect(result.findings).toEqual([]);
  expect(edges.length).toBeGreaterThanOrEqual(2);
  rendered = result.objects;
});

const objects = (scenario: string) => (rendered.get(scenario) ?? []).map((o) => o.manifest as Manifest);
const kinds = (scenario: string) =>
  objects(scenario)
    .map((o) => `${o.kind}/${o.metadata.name}`)
    .sort();
const podSpecs = (scenario: string) =>
  objects(scenario)
    .filter((o) => o.spec?.template?.spec)
    .map((o) => o.spec.template as Manifest);

describe('charts/redis-cluster rendered with the real helm for every cluster', () => {
  it('renders a standalone server in development: no bootstrap Job, no PDB, no cluster bus', () => {
    expect(kinds('agentic-dev-usw2')).toEqual([
      'Certificate/redis-tls',
      'ConfigMap/redis-config',
      'ConfigMap/redis-scripts',
      'ExternalSecret/redis-credentials',
      'NetworkPolicy/redis',
      'Service/redis',
      'Service/redis-headless',
      'ServiceAccount/redis',
      'ServiceMonitor/redis',
      'StatefulSet/redis',
    ]);
    const conf = objectOf(rendered.get('agentic-dev-usw2')!, 'ConfigMap', 'redis-config').data['redis.conf'];
    expect(conf).not.toContain('cluster-enabled');
    expect(objectOf(rendered.get('agentic-dev-usw2')!, 'StatefulSet', 'redis').spec.replicas).toBe(1);
  });

  it('renders 3 pods in staging and the DR standby, 6 in production, with a PDB and the bootstrap hook', () => {
    for (const [cluster, pods, replicas] of [
      ['agentic-stg-usw2', 3, '0'],
      ['agentic-dr-use1', 3, '0'],
      ['agentic-prod-usw2', 6, '1'],
    ] as const) {
      const objs = rendered.get(cluster)!;
      expect(objectOf(objs, 'StatefulSet', 'redis').spec.replicas).toBe(pods);
      expect(objectOf(objs, 'PodDisruptionBudget', 'redis-pdb').spec.maxUnavailable).toBe(1);
      const job = objectOf(objs, 'Job', 'redis-bootstrap');
      expect(job.metadata.annotations).toMatchObject({
        'argocd.argoproj.io/hook': 'PostSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        'helm.sh/hook': 'post-install,post-upgrade',
      });
      const env = Object.fromEntries(
        job.spec.template.spec.containers[0].env.map((e: Manifest) => [e.name, e.value]),
      );
      expect([env.REDIS_NODES.split(' ').length, env.REDIS_MASTERS, env.REDIS_REPLICAS_PER_MASTER]).toEqual([
        pods,
        '3',
        replicas,
      ]);
    }
  });

  it('writes AOF every second to ssd-standard volumes in every environment', () => {
    for (const cluster of ['agentic-dev-usw2', 'agentic-prod-usw2']) {
      const objs = rendered.get(cluster)!;
      const conf = objectOf(objs, 'ConfigMap', 'redis-config').data['redis.conf'] as string;
      expect(conf).toMatch(/^appendonly yes$/m);
      expect(conf).toMatch(/^appendfsync everysec$/m);
      expect(objectOf(objs, 'StatefulSet', 'redis').spec.volumeClaimTemplates[0].spec).toMatchObject({
        storageClassName: 'ssd-standard',
        resources: { requests: { storage: '10Gi' } },
      });
    }
  });

  it('keeps only never-changing labels on the immutable volumeClaimTemplates', () => {
    const claim = objectOf(rendered.get('agentic-prod-usw2')!, 'StatefulSet', 'redis').spec
      .volumeClaimTemplates[0];
    expect(claim.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'redis',
      'app.kubernetes.io/instance': 'redis-cluster-config',
      'app.kubernetes.io/component': 'server',
    });
  });

  it('labels every object and pod template with cost-center, layer, environment and app.kubernetes.io', () => {
    for (const scenario of rendered.keys()) {
      const labelled = [
        ...objects(scenario).map((o) => o.metadata.labels),
        ...podSpecs(scenario).map((t) => t.metadata.labels),
      ];
      for (const labels of labelled) {
        expect(Object.keys(labels)).toEqual(
          expect.arrayContaining([
            'cost-center',
            'layer',
            'environment',
            'app.kubernetes.io/name',
            'app.kubernetes.io/instance',
          ]),
        );
      }
    }
  });

  it('runs every container read-only with /tmp on an emptyDir, pinned images, and the password only from the Secret', () => {
    for (const scenario of rendered.keys()) {
      for (const t of podSpecs(scenario)) {
        expect(t.spec.automountServiceAccountToken).toBe(false);
        for (const c of t.spec.containers as Manifest[]) {
          expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
          expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
          expect(c.env.find((e: Manifest) => e.name === 'REDIS_PASSWORD')).toEqual({
            name: 'REDIS_PASSWORD',
            valueFrom: { secretKeyRef: { name: 'redis-credentials', key: 'password' } },
          });
        }
      }
      expect(objects(scenario).filter((o) => o.kind === 'Secret')).toEqual([]);
    }
    const server = objectOf(rendered.get('agentic-prod-usw2')!, 'StatefulSet', 'redis').spec.template.spec;
    expect(server.containers.map((c: Manifest) => c.image)).toEqual([
      `${SERVER_IMAGE.repository}:${SERVER_IMAGE.tag}`,
      'docker.io/oliver006/redis_exporter:v1.91.1',
    ]);
    expect(server.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 999,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('spreads servers across zones (hard) and hosts (soft)', () => {
    const spread = objectOf(rendered.get('agentic-prod-usw2')!, 'StatefulSet', 'redis').spec.template.spec
      .topologySpreadConstraints;
    expect(spread.map((s: Manifest) => [s.topologyKey, s.maxSkew, s.whenUnsatisfiable])).toEqual([
      ['topology.kubernetes.io/zone', 1, 'DoNotSchedule'],
      ['kubernetes.io/hostname', 1, 'ScheduleAnyway'],
    ]);
  });

  it('opens the client port to client namespaces, the bus to members only, the exporter to monitoring', () => {
    const np = objectOf(rendered.get('agentic-prod-usw2')!, 'NetworkPolicy', 'redis').spec;
    const rules = (np.ingress as Manifest[]).map((r) => [r.ports.map((p: Manifest) => p.port), r.from[0]]);
    expect(rules).toEqual([
      [
        [6379],
        { podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'redis' }) } },
      ],
      [
        [16379],
        {
          podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/component': 'server' }) },
        },
      ],
      [
        [6379],
        {
          namespaceSelector: {
            matchExpressions: [expect.objectContaining({ values: ['data-layer', 'keda'] })],
          },
        },
      ],
      [
        [9121],
        {
          namespaceSelector: {
            matchExpressions: [expect.objectContaining({ values: ['infrastructure', 'monitoring'] })],
          },
        },
      ],
    ]);
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(
      objectOf(rendered.get('agentic-prod-usw2')!, 'NetworkPolicy', 'redis-bootstrap').spec.ingress,
    ).toEqual([]);
  });

  it('scrapes the exporter through the headless Service with a monitoring.coreos.com/v1 ServiceMonitor', () => {
    const objs = rendered.get('agentic-prod-usw2')!;
    const sm = objectOf(objs, 'ServiceMonitor', 'redis');
    const headless = objectOf(objs, 'Service', 'redis-headless');
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(headless.metadata.labels).toMatchObject(sm.spec.selector.matchLabels);
    expect(headless.spec.ports.map((p: Manifest) => p.name)).toEqual(['redis', 'cluster-bus', 'metrics']);
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'metrics', interval: '30s' });
  });

  it('issues a cert-manager.io/v1 Certificate from vault-pki for both Services and every pod, renewed at day 60', () => {
    for (const cluster of ['agentic-dev-usw2', 'agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1']) {
      const cert = objectOf(rendered.get(cluster)!, 'Certificate', 'redis-tls');
      expect(cert.apiVersion).toBe('cert-manager.io/v1');
      expect(cert.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
      expect(cert.spec).toMatchObject({
        secretName: 'redis-tls',
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'vault-pki' },
        commonName: 'redis.infrastructure.svc.cluster.local',
        usages: ['digital signature', 'server auth', 'client auth'],
        duration: '2160h',
        renewBefore: '720h',
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      });
      expect(cert.spec.dnsNames).toEqual([
        'redis.infrastructure.svc.cluster.local',
        'redis.infrastructure.svc',
        'redis.infrastructure',
        'redis',
        'redis-headless.infrastructure.svc.cluster.local',
        'redis-headless.infrastructure.svc',
        '*.redis-headless.infrastructure.svc.cluster.local',
        '*.redis-headless.infrastructure.svc',
        'localhost',
      ]);
    }
  });

  it('serves TLS only with the mounted Secret: port 0, replication and (in cluster mode) the bus on TLS', () => {
    for (const [cluster, busTls] of [
      ['agentic-dev-usw2', false],
      ['agentic-prod-usw2', true],
    ] as const) {
      const objs = rendered.get(cluster)!;
      const conf = objectOf(objs, 'ConfigMap', 'redis-config').data['redis.conf'] as string;
      const directives = Object.fromEntries(
        conf
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => /^(port|tls-)/.test(l))
          .map((l) => [l.split(' ')[0], l.slice(l.indexOf(' ') + 1)]),
      );
      expect(directives).toEqual({
        port: '0',
        'tls-port': '6379',
        'tls-cert-file': '/etc/redis-tls/tls.crt',
        'tls-key-file': '/etc/redis-tls/tls.key',
        'tls-ca-cert-file': '/etc/redis-tls/ca.crt',
        'tls-protocols': '"TLSv1.2 TLSv1.3"',
        'tls-auth-clients': 'optional',
        'tls-replication': 'yes',
        ...(busTls ? { 'tls-cluster': 'yes' } : {}),
      });
      const sts = objectOf(objs, 'StatefulSet', 'redis');
      expect(sts.spec.template.spec.volumes).toContainEqual({
        name: 'tls',
        secret: { secretName: 'redis-tls', defaultMode: 0o440 },
      });
      const workloads = [sts, ...(busTls ? [objectOf(objs, 'Job', 'redis-bootstrap')] : [])];
      for (const c of workloads.flatMap((w) => w.spec.template.spec.containers as Manifest[])) {
        expect(c.volumeMounts, c.name).toContainEqual({
          name: 'tls',
          mountPath: '/etc/redis-tls',
          readOnly: true,
        });
      }
      // the scripts (start, probes, bootstrap) switch to TLS on REDIS_TLS_DIR
      for (const c of workloads.flatMap((w) => w.spec.template.spec.containers as Manifest[]))
        if (c.name !== 'exporter')
          expect(c.env, c.name).toContainEqual({ name: 'REDIS_TLS_DIR', value: '/etc/redis-tls' });
    }
  });

  it('points the exporter at rediss://localhost with the CA and the pod certificate (redis_exporter flags)', () => {
    const exporter = containerOf(
      objectOf(rendered.get('agentic-prod-usw2')!, 'StatefulSet', 'redis'),
      'exporter',
    );
    const env = Object.fromEntries(
      (exporter.env as Manifest[]).filter((e) => e.value).map((e) => [e.name, e.value]),
    );
    expect(env).toEqual({
      REDIS_ADDR: 'rediss://localhost:6379',
      REDIS_EXPORTER_TLS_CA_CERT_FILE: '/etc/redis-tls/ca.crt',
      REDIS_EXPORTER_TLS_CLIENT_CERT_FILE: '/etc/redis-tls/tls.crt',
      REDIS_EXPORTER_TLS_CLIENT_KEY_FILE: '/etc/redis-tls/tls.key',
      REDIS_EXPORTER_WEB_LISTEN_ADDRESS: ':9121',
    });
  });

  it('keeps plain text where TLS is off (the edge scenarios): no Certificate, no TLS settings', () => {
    for (const scenario of ['edge-standalone-minimal', 'edge-cluster-two-replicas']) {
      expect(kinds(scenario).filter((k) => k.startsWith('Certificate/'))).toEqual([]);
      const conf = objectOf(rendered.get(scenario)!, 'ConfigMap', 'redis-config').data[
        'redis.conf'
      ] as string;
      expect(conf).toMatch(/^ {0}port 6379$/m);
      expect(conf).not.toContain('tls-');
    }
  });

  it('lets only the zone-aware bootstrap Job read zones: pods by name, nodes, a projected token, the API server', () => {
    const objs = rendered.get('agentic-prod-usw2')!;
    const role = objectOf(objs, 'Role', 'redis-bootstrap');
    expect(role.rules).toEqual([
      {
        apiGroups: [''],
        resources: ['pods'],
        resourceNames: ['redis-0', 'redis-1', 'redis-2', 'redis-3', 'redis-4', 'redis-5'],
        verbs: ['get'],
      },
    ]);
    expect(objectOf(objs, 'ClusterRole', 'infrastructure-redis-bootstrap').rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
    ]);
    for (const [kind, name] of [
      ['RoleBinding', 'redis-bootstrap'],
      ['ClusterRoleBinding', 'infrastructure-redis-bootstrap'],
    ])
      expect(objectOf(objs, kind!, name!).subjects).toEqual([
        { kind: 'ServiceAccount', name: 'redis-bootstrap', namespace: 'infrastructure' },
      ]);
    expect(objectOf(objs, 'ServiceAccount', 'redis-bootstrap').automountServiceAccountToken).toBe(false);
    const pod = objectOf(objs, 'Job', 'redis-bootstrap').spec.template.spec;
    expect(pod.serviceAccountName).toBe('redis-bootstrap');
    expect(pod.volumes.find((v: Manifest) => v.name === 'kube-api').projected.sources).toEqual([
      { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    ]);
    // the server pods still get no token
    expect(objectOf(objs, 'StatefulSet', 'redis').spec.template.spec.serviceAccountName).toBe('redis');
    const cnp = objectOf(objs, 'CiliumNetworkPolicy', 'redis-bootstrap-apiserver');
    expect(cnp.spec.endpointSelector.matchLabels).toMatchObject({
      'app.kubernetes.io/component': 'bootstrap',
    });
    expect(cnp.spec.egress).toEqual([
      { toEntities: ['kube-apiserver'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] },
    ]);
    // no replicas, nothing to place: staging and the DR standby read no zones
    for (const cluster of ['agentic-stg-usw2', 'agentic-dr-use1']) {
      expect(kinds(cluster).filter((k) => /Role|CiliumNetworkPolicy/.test(k))).toEqual([]);
      expect(
        objectOf(rendered.get(cluster)!, 'Job', 'redis-bootstrap').spec.template.spec.serviceAccountName,
      ).toBe('redis');
    }
  });

  it('ships the scripts byte for byte and redis.conf from its template', () => {
    const scripts = objectOf(rendered.get('agentic-prod-usw2')!, 'ConfigMap', 'redis-scripts').data;
    for (const name of ['start.sh', 'ping.sh', 'bootstrap.sh', 'pair-replicas.awk'])
      expect(scripts[name]).toBe(readFileSync(join(CHART_DIR, 'files', name), 'utf8'));
  });
});

describe('charts/redis-cluster files', () => {
  it('has an up-to-date values.schema.json generated from the zod schema', () => {
    expect(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')).toBe(
      generatedJsonSchema(chartValues, 'pnpm gen:files'),
    );
  });

  it('has default values the schema accepts, each key documented with a "# --" comment', () => {
    const text = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8');
    expect(chartValues.safeParse(parse(text)).error).toBeUndefined();
    const lines = text.split('\n');
    const undocumented = lines
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => /^\s*[\w.-]+:/.test(line))
      .filter(({ i }) => {
        for (let j = i - 1; j >= 0 && /^\s*#/.test(lines[j] ?? ''); j--)
          if (/^\s*# --/.test(lines[j] ?? '')) return false;
        return true;
      })
      .map(({ line }) => line.trim());
    expect(undocumented).toEqual([]);
  });

  it('declares the pinned server version as appVersion', () => {
    const chart = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8'));
    expect([chart.apiVersion, chart.version, chart.appVersion]).toEqual(['v2', '0.1.0', SERVER_VERSION]);
    expect(SERVER_IMAGE.tag.startsWith(`${SERVER_VERSION}-`)).toBe(true);
  });
});

describe('charts/redis-cluster rejects bad values when Helm renders it', () => {
  const prodValues = () =>
    structuredClone(
      computeFleet(fleet, COMPONENTS)
        .clusters.find((c) => c.context.cluster.name === 'agentic-prod-usw2')!
        .components.find((c) => c.definition.name === 'redis-cluster')!.targets.chart!.values,
    ) as Manifest;

  it('fails with one aggregated message for cluster mode below 3 masters and a ServiceMonitor without exporter', async () => {
    const values = prodValues();
    values.topology.masters = 2;
    values.metrics.enabled = false;
    const { findings } = await checkChart(CHART_DIR, [{ name: 'bad', values, ...RELEASE }]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('redis-cluster values are invalid');
    expect(findings[0]?.message).toContain('topology.masters: Redis Cluster needs at least 3 masters');
    expect(findings[0]?.message).toContain('metrics.serviceMonitor.enabled');
  });

  it('fails TLS without an issuer name with the fix', async () => {
    const values = prodValues();
    values.tls.issuer.name = '';
    const { findings } = await checkChart(CHART_DIR, [{ name: 'no-issuer', values, ...RELEASE }]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain(
      'tls.issuer.name: TLS needs the cert-manager issuer that signs the certificate, found ""; name it (vault-pki) or set tls.enabled false',
    );
  });

  it('fails through values.schema.json on an unknown key', async () => {
    const values = prodValues();
    values.config.maxmemory = '1gb';
    const { findings } = await checkChart(CHART_DIR, [{ name: 'typo', values, ...RELEASE }]);
    expect(findings[0]?.message).toMatch(/don't meet the specifications of the schema/);
    expect(findings[0]?.message).toMatch(/maxmemory/);
  });
});
