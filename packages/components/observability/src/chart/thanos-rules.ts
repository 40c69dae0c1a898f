import { type ComponentRule, joinPath, type RuleViolation, type Values } from '@platform/core';
import {
  NAMESPACE,
  THANOS_BUCKET_CLUSTER_LABEL,
  THANOS_BUCKET_REGION_LABEL,
  THANOS_COMPONENT_LABEL,
  THANOS_OBJSTORE_DIR,
  THANOS_STORE_NAME,
} from '../constants.ts';
import { STATEFULSET_NAME_MAX, type ThanosValues } from './schema.ts';

/** Target id of kube-prometheus-stack's values (upstream/names.ts KPS). */
const KPS = 'kube-prometheus-stack';
const THANOS = 'chart.thanos';

const thanosOf = (values: Readonly<Record<string, Values>>) =>
  (values.chart as { thanos?: ThanosValues } | undefined)?.thanos;

interface SidecarPart {
  prometheus?: {
    prometheusSpec?: {
      thanos?: { objectStorageConfigFile?: string };
      volumes?: { name: string; configMap?: { name: string } }[];
    };
  };
}

const UNITS: Record<string, number> = { h: 1, d: 24, w: 24 * 7, y: 24 * 365 };
/** A retention (`40h`, `30d`, `2w`, `1y`) in hours, as Thanos reads it. */
export function retentionHours(d: string): number {
  const m = /^(\d+)([hdwy])$/.exec(d);
  return m ? Number(m[1]) * UNITS[m[2]!]! : Number.NaN;
}

/**
 * Thanos downsamples a raw block to 5m once the block spans 40 hours, a 5m block to 1h once it
 * spans 10 days: a resolution deleted before then is never downsampled
 * (https://thanos.io/tip/components/compact.md, "Downsampling").
 */
export const DOWNSAMPLE_AFTER_HOURS = { raw: 40, '5m': 10 * 24 } as const;

/** Enabled remote buckets: [cluster, bucket values, path]. */
const remotes = (t: ThanosValues) =>
  Object.entries(t.storeGateway?.remoteBuckets ?? {})
    .filter(([, b]) => b.enabled)
    .map(([cluster, b]) => ({
      cluster,
      bucket: b,
      path: ['storeGateway', 'remoteBuckets', cluster].reduce(joinPath, THANOS),
    }));

/** Whether an FQDN rule (exact, or `*.` wildcard over one or more labels as Cilium reads it) allows a host. */
function fqdnAllows(pattern: string, host: string): boolean {
  const re = new RegExp(`^${pattern.replaceAll('.', '\\.').replaceAll('*', '[-a-z0-9.]*')}$`);
  return re.test(host);
}

/** Cross-field rules of the Thanos values (docs/decisions.md#thanos-history, #thanos-global-view). */
export const thanosRules: readonly ComponentRule[] = [
  {
    id: 'thanos-retention-downsampling',
    description:
      'the Compactor keeps each resolution long enough to be downsampled, and coarser resolutions at least as long as finer ones',
    check: (values) => {
      const c = thanosOf(values)?.compactor;
      if (!c?.enabled) return undefined;
      const path = `${THANOS}.compactor`;
      const [raw, m5, h1] = [c.retention.raw, c.retention['5m'], c.retention['1h']].map(retentionHours) as [
        number,
        number,
        number,
      ];
      const out: RuleViolation[] = [];
      if (!c.downsampling) {
        if (m5 > raw || h1 > raw)
          out.push({
            path: `${path}.downsampling`,
            expected: `true, since retention 5m ${c.retention['5m']} and 1h ${c.retention['1h']} outlast raw ${c.retention.raw}`,
            found: 'false: no 5m or 1h block is ever made, so nothing older than the raw retention remains',
            hint: 'Turn downsampling on, or keep 5m and 1h at most as long as raw.',
          });
        return out.length > 0 ? out : undefined;
      }
      if (raw <= DOWNSAMPLE_AFTER_HOURS.raw)
        out.push({
          path: `${path}.retention.raw`,
          expected: `longer than ${DOWNSAMPLE_AFTER_HOURS.raw}h (Thanos downsamples raw blocks to 5m once they span 40 hours)`,
          found: `${JSON.stringify(c.retention.raw)}: raw blocks are deleted before they are downsampled`,
        });
      if (m5 <= DOWNSAMPLE_AFTER_HOURS['5m'])
        out.push({
          path: `${path}.retention["5m"]`,
          expected: 'longer than 10d (Thanos downsamples 5m blocks to 1h once they span 10 days)',
          found: `${JSON.stringify(c.retention['5m'])}: 5m blocks are deleted before they are downsampled`,
        });
      if (m5 < raw || h1 < m5)
        out.push({
          path: `${path}.retention`,
          expected: 'raw <= 5m <= 1h (a coarser resolution kept shorter than a finer one adds no history)',
          found: `raw ${c.retention.raw}, 5m ${c.retention['5m']}, 1h ${c.retention['1h']}`,
        });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'thanos-bucket-of-the-sidecars',
    description: 'the Compactor and the Store Gateway read the bucket the Prometheus sidecars upload to',
    check: (values) => {
      const t = thanosOf(values);
      if (!t || !(t.compactor?.enabled || t.storeGateway?.enabled)) return undefined;
      const spec = (values[KPS] as SidecarPart | undefined)?.prometheus?.prometheusSpec;
      if (!spec) return undefined;
      const { configMapName, fileName } = t.objectStorage;
      const file = `${THANOS_OBJSTORE_DIR}/${fileName}`;
      const out: RuleViolation[] = [];
      if (spec.thanos?.objectStorageConfigFile !== file)
        out.push({
          path: `${KPS}.prometheus.prometheusSpec.thanos.objectStorageConfigFile`,
          expected: `${JSON.stringify(file)}, the configuration of ${THANOS}.objectStorage (bucket ${t.objectStorage.bucket}) that the Compactor and Store Gateway read`,
          found: spec.thanos?.objectStorageConfigFile
            ? JSON.stringify(spec.thanos.objectStorageConfigFile)
            : 'no upload: the sidecars write no bucket',
          hint: 'Compact and serve the bucket the sidecars write, or turn the Compactor and Store Gateway off.',
        });
      if (!spec.volumes?.some((v) => v.configMap?.name === configMapName))
        out.push({
          path: `${KPS}.prometheus.prometheusSpec.volumes`,
          expected: `a volume of the ConfigMap ${configMapName} (${THANOS}.objectStorage.configMapName)`,
          found: JSON.stringify((spec.volumes ?? []).map((v) => v.configMap?.name ?? v.name)),
        });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'thanos-store-queried',
    description: 'a Store Gateway runs only with the Thanos Query that reads it',
    check: (values) => {
      const t = thanosOf(values);
      if (!t?.storeGateway?.enabled || t.query?.enabled) return undefined;
      return [
        {
          path: `${THANOS}.query.enabled`,
          expected: `true: ${THANOS}.storeGateway.enabled serves the bucket to Thanos Query only`,
          found: 'false',
          hint: 'Turn Thanos Query on, or the Store Gateway off.',
        },
      ];
    },
  },
  {
    id: 'thanos-remote-buckets',
    description:
      "a remote bucket is another cluster's, once, and its Store Gateway's name fits a StatefulSet (52 characters)",
    check: (values) => {
      const t = thanosOf(values);
      if (!t?.storeGateway?.enabled) return undefined;
      const out: RuleViolation[] = [];
      const seen = new Map<string, string>([[t.objectStorage.bucket, `${THANOS}.objectStorage`]]);
      for (const { cluster, bucket, path } of remotes(t)) {
        const first = seen.get(bucket.bucket);
        if (first)
          out.push({
            path: `${path}.bucket`,
            expected: `a bucket not read elsewhere (${first} reads ${bucket.bucket})`,
            found: JSON.stringify(bucket.bucket),
            hint: 'Two Store Gateways over one bucket serve every series twice.',
          });
        else seen.set(bucket.bucket, path);
        const name = `${t.storeGateway.name}-${cluster}`;
        if (name.length > STATEFULSET_NAME_MAX)
          out.push({
            path,
            expected: `a Store Gateway name <storeGateway.name>-<cluster> of at most ${STATEFULSET_NAME_MAX} characters`,
            found: `${name} (${name.length})`,
            hint: `Shorten ${THANOS}.storeGateway.name.`,
          });
      }
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'thanos-remote-bucket-egress',
    description: "the Store Gateway of a remote bucket may reach that bucket's S3 endpoint (strict egress)",
    check: (values, ctx) => {
      const t = thanosOf(values);
      if (!t?.storeGateway?.enabled || !ctx.egress) return undefined;
      const out: RuleViolation[] = [];
      for (const { cluster, bucket, path } of remotes(t)) {
        const pod: Record<string, string> = {
          [THANOS_COMPONENT_LABEL]: THANOS_STORE_NAME,
          [THANOS_BUCKET_CLUSTER_LABEL]: cluster,
          [THANOS_BUCKET_REGION_LABEL]: bucket.region,
        };
        const host = `${bucket.bucket}.${bucket.endpoint}`;
        const allowed = ctx.egress.some(
          (e) =>
            e.namespace === NAMESPACE &&
            e.ports.includes(443) &&
            Object.entries(e.podLabels ?? {}).every(([k, v]) => pod[k] === v) &&
            (e.fqdns ?? []).some((f) => fqdnAllows(f, host)),
        );
        if (!allowed)
          out.push({
            path: `${path}.endpoint`,
            expected: `an egress allow in ${NAMESPACE} for the pods ${JSON.stringify(pod)} to ${host}:443`,
            found: `none among ${ctx.egress.length} allows of this cluster: strict mode would drop the reads`,
            hint: `Add an egress entry to the inventory (namespace ${NAMESPACE}, fqdns ["${bucket.endpoint}", "*.${bucket.endpoint}"], podLabels {"${THANOS_BUCKET_REGION_LABEL}": "${bucket.region}"}), or disable the bucket.`,
          });
      }
      return out.length > 0 ? out : undefined;
    },
  },
];
