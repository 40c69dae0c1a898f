import { join, resolve } from 'node:path';
import { missingLabels, renderUpstreamCharts } from '@platform/chart-harness';
import { computeFleet, type Fleet, type Values } from '@platform/core';
import { loadFleetFor, standIn, withClusterOverride } from '@platform/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import velero, { type VeleroValues } from './index.ts';

const root = resolve(import.meta.dirname, '../../../..');
const COMPONENTS = [velero, standIn('prometheus-operator-crds'), standIn('cilium')];
let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadFleetFor(join(root, 'gitops'), COMPONENTS);
});

function computed() {
  const { clusters, issues } = computeFleet(fleet, COMPONENTS);
  expect(issues).toEqual([]);
  return Object.fromEntries(
    clusters.map((cc) => {
      const comp = cc.components.find((c) => c.definition.name === 'velero')!;
      return [
        cc.context.cluster.name,
        { context: cc.context, targets: comp.targets, values: comp.targets.velero!.values as VeleroValues },
      ];
    }),
  );
}
const issuesOf = (values: Record<string, Values>, cluster = 'agentic-prod-usw2') =>
  computeFleet(withClusterOverride(fleet, cluster, 'velero', values), COMPONENTS).issues;

type Manifest = Record<string, any>;

describe('velero values', () => {
  it("stores each cluster's backups in its own bucket in its region", () => {
    const c = computed();
    expect(c['agentic-prod-usw2']!.values.configuration.backupStorageLocation).toEqual([
      {
        name: 'default',
        provider: 'aws',
        bucket: 'velero-agentic-prod-usw2-us-west-2',
        prefix: 'agentic-prod-usw2',
        default: true,
        accessMode: 'ReadWrite',
        config: { region: 'us-west-2' },
      },
    ]);
    expect(c['agentic-dr-use1']!.values.configuration.backupStorageLocation[0]).toMatchObject({
      bucket: 'velero-agentic-dr-use1-us-east-1',
      config: { region: 'us-east-1' },
    });
    expect(c['agentic-dr-use1']!.values.configuration.volumeSnapshotLocation[0]!.config.region).toBe(
      'us-east-1',
    );
  });

  it('backs up the infrastructure objects every six hours and keeps them 30 days', () => {
    const s = computed()['agentic-stg-usw2']!.values.schedules['infrastructure-backup']!;
    expect(s.schedule).toBe('0 */6 * * *');
    expect(s.template.ttl).toBe('720h');
    expect(s.template.includedNamespaces).toEqual([
      'infrastructure',
      'cert-manager',
      'external-secrets',
      'argocd',
    ]);
  });

  it('uses no static credentials and no IRSA annotation', () => {
    for (const { values } of Object.values(computed())) {
      expect(values.credentials).toEqual({ useSecret: false });
      expect(values.serviceAccount.server.annotations).toEqual({});
    }
  });
});

describe('velero rules and schema', () => {
  it('refuses an IRSA role annotation on the ServiceAccount', () => {
    expect(
      issuesOf({
        velero: {
          serviceAccount: {
            server: {
              annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/velero' },
            },
          },
        },
      }),
    ).toEqual([
      expect.objectContaining({
        code: 'rule:velero-pod-identity',
        cluster: 'agentic-prod-usw2',
        component: 'velero',
        path: 'velero.serviceAccount.server.annotations.eks.amazonaws.com/role-arn',
      }),
    ]);
  });

  it('refuses a credentials Secret', () => {
    expect(issuesOf({ velero: { credentials: { useSecret: true } } })).toEqual([
      expect.objectContaining({ code: 'invalid-value', path: 'velero.credentials.useSecret' }),
    ]);
  });

  it("refuses writing backups or snapshots outside the cluster's region", () => {
    const wrong = issuesOf({
      velero: {
        configuration: {
          backupStorageLocation: [
            {
              name: 'default',
              provider: 'aws',
              bucket: 'velero-agentic-prod-usw2-us-west-2',
              prefix: 'agentic-prod-usw2',
              default: true,
              accessMode: 'ReadWrite',
              config: { region: 'us-east-1' },
            },
          ],
          volumeSnapshotLocation: [{ name: 'default', provider: 'aws', config: { region: 'eu-west-1' } }],
        },
      },
    });
    expect(wrong.map((i) => [i.code, i.path])).toEqual([
      ['rule:velero-storage-in-cluster-region', 'velero.configuration.backupStorageLocation.0.config.region'],
      [
        'rule:velero-storage-in-cluster-region',
        'velero.configuration.volumeSnapshotLocation.0.config.region',
      ],
    ]);
  });

  it('refuses a schedule writing to a location that does not exist', () => {
    expect(
      issuesOf({
        velero: { schedules: { 'infrastructure-backup': { template: { storageLocation: 'primary' } } } },
      }),
    ).toEqual([
      expect.objectContaining({
        code: 'rule:velero-schedule-location-exists',
        path: 'velero.schedules.infrastructure-backup.template.storageLocation',
        found: 'primary',
      }),
    ]);
  });

  it('refuses a floating plugin tag', () => {
    expect(
      issuesOf({
        velero: {
          initContainers: [
            {
              name: 'velero-plugin-for-aws',
              image: 'velero/velero-plugin-for-aws:latest',
              imagePullPolicy: 'IfNotPresent',
              volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
            },
          ],
        },
      }).map((i) => [i.code, i.path]),
    ).toEqual([['invalid-format', 'velero.initContainers[0].image']]);
  });
});

describe('the upstream velero chart rendered with the generated values', () => {
  let rendered: Map<string, Manifest[]>;
  beforeAll(async () => {
    rendered = new Map();
    for (const [name, v] of Object.entries(computed())) {
      const objects = (
        await renderUpstreamCharts(velero, v.targets, v.context.cluster.kubernetesVersion, [
          'monitoring.coreos.com/v1',
        ])
      ).get('velero')!;
      const required = {
        'cost-center': 'platform-engineering',
        layer: 'l00',
        environment: v.context.environment.name,
      };
      expect({ name, missing: missingLabels(objects, required) }).toEqual({ name, missing: [] });
      rendered.set(
        name,
        objects.map((o) => o.manifest as Manifest),
      );
    }
  }, 180_000);

  it('runs the pinned AWS plugin and mounts no credentials', () => {
    const prod = rendered.get('agentic-prod-usw2')!;
    const d = prod.find((m) => m.kind === 'Deployment')!;
    expect(d.spec.template.spec.initContainers.map((c: Manifest) => c.image)).toEqual([
      'velero/velero-plugin-for-aws:v1.14.4',
    ]);
    expect(JSON.stringify(d)).not.toMatch(/cloud-credentials|AWS_SHARED_CREDENTIALS_FILE/);
    expect(prod.filter((m) => m.kind === 'Secret')).toEqual([]);
    const sa = prod.find((m) => m.kind === 'ServiceAccount')!;
    expect([sa.metadata.name, sa.metadata.annotations ?? {}]).toEqual(['velero', {}]);
  });

  it('renders the storage location and the schedule with the retention', () => {
    const prod = rendered.get('agentic-prod-usw2')!;
    expect(prod.find((m) => m.kind === 'BackupStorageLocation')!.spec).toMatchObject({
      provider: 'aws',
      default: true,
      objectStorage: { bucket: 'velero-agentic-prod-usw2-us-west-2', prefix: 'agentic-prod-usw2' },
      config: { region: 'us-west-2' },
    });
    const schedule = prod.find((m) => m.kind === 'Schedule')!;
    expect(schedule.metadata.name).toBe('velero-infrastructure-backup');
    expect(schedule.spec).toMatchObject({
      schedule: '0 */6 * * *',
      template: { ttl: '720h', storageLocation: 'default' },
    });
  });

  it('renders only kinds the component declares (no upgrade hook Job)', () => {
    const declared = new Set(
      [...velero.resources!.cluster, ...velero.resources!.namespaced].map((k) => `${k.group}/${k.kind}`),
    );
    for (const objects of rendered.values())
      for (const m of objects) {
        const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
        expect(declared.has(`${group}/${m.kind}`), `${m.apiVersion} ${m.kind}`).toBe(true);
      }
  });
});
