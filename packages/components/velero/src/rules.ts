import type { ParsedTargets, RuleViolation, TypedComponentRule } from '@platform/core';
import type { Targets } from './schema.ts';

/** The annotation IRSA reads; with EKS Pod Identity the ServiceAccount carries none. */
export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

const v = (values: ParsedTargets<Targets>) => values.velero;

export const veleroRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'velero-storage-in-cluster-region',
    description: "backups and snapshots are stored in the cluster's own region",
    check: (values, ctx) => {
      const c = v(values).configuration;
      const out: RuleViolation[] = [];
      c.backupStorageLocation.forEach((l, i) => {
        if (l.accessMode === 'ReadWrite' && l.config.region !== ctx.region.name)
          out.push({
            path: `velero.configuration.backupStorageLocation.${i}.config.region`,
            expected: `${ctx.region.name} (the cluster's region; another region's bucket only ReadOnly)`,
            found: l.config.region,
          });
      });
      c.volumeSnapshotLocation.forEach((l, i) => {
        if (l.config.region !== ctx.region.name)
          out.push({
            path: `velero.configuration.volumeSnapshotLocation.${i}.config.region`,
            expected: ctx.region.name,
            found: l.config.region,
            hint: 'EBS snapshots exist only in the region of their volumes.',
          });
      });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'velero-one-default-location',
    description: 'exactly one backupStorageLocation is the default, and it is writable',
    check: (values) => {
      const defaults = v(values).configuration.backupStorageLocation.filter((l) => l.default);
      if (defaults.length === 1 && defaults[0]!.accessMode === 'ReadWrite') return undefined;
      return [
        {
          path: 'velero.configuration.backupStorageLocation',
          expected: 'exactly one location with default: true and accessMode: ReadWrite',
          found: defaults.map((l) => `${l.name} (${l.accessMode})`).join(', ') || 'none',
        },
      ];
    },
  },
  {
    id: 'velero-schedule-location-exists',
    description: 'every schedule writes to a writable backupStorageLocation',
    check: (values) => {
      const vv = v(values);
      const writable = new Set(
        vv.configuration.backupStorageLocation.filter((l) => l.accessMode === 'ReadWrite').map((l) => l.name),
      );
      const out = Object.entries(vv.schedules)
        .filter(([, s]) => !writable.has(s.template.storageLocation))
        .map(([name, s]) => ({
          path: `velero.schedules.${name}.template.storageLocation`,
          expected: `one of ${[...writable].join(', ')}`,
          found: s.template.storageLocation,
        }));
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'velero-pod-identity',
    description: 'the Velero ServiceAccount uses EKS Pod Identity: no IRSA role annotation',
    check: (values) =>
      IRSA_ANNOTATION in v(values).serviceAccount.server.annotations
        ? [
            {
              path: `velero.serviceAccount.server.annotations.${IRSA_ANNOTATION}`,
              expected: 'no IRSA annotation (the Pod Identity association grants the role)',
              found: v(values).serviceAccount.server.annotations[IRSA_ANNOTATION]!,
              hint: 'See docs/decisions.md#velero.',
            },
          ]
        : undefined,
  },
];
