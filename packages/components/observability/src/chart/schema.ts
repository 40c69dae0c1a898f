import { chartEnvironment, platformLabels, quantity, resourceRequirements } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schema of the values of our chart `charts/observability`; `values.schema.json` is
 * generated from it, so Helm rejects the same mistakes. Cross-field rules (every severity has an
 * Alertmanager route, the receivers' files exist in the Secret ...) are in `rules.ts`.
 * @see https://prometheus-operator.dev/docs/api-reference/api/
 */

/** The severity taxonomy; `warning` maps to medium (docs/decisions.md#severities). */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A Prometheus duration (`5m`, `1h30m`, `7d`), as `for`, `interval` and `keep_firing_for` take. */
export const PROM_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
export const promDuration = z
  .string()
  .min(2)
  .regex(PROM_DURATION, 'a Prometheus duration such as 30s, 5m, 1h or 1h30m');

const dnsLabel = z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a DNS-1123 label');
const dnsSubdomain = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, 'a DNS-1123 subdomain (lower case, digits, - and .)');
const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'a Prometheus metric name');
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a Prometheus label name');
const alertName = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'an alert name in UpperCamelCase');
const stringMap = z.record(z.string(), z.string());

export const severity = z.enum(SEVERITIES, {
  error: (issue) =>
    `a severity of the taxonomy (critical, high, medium, low), found ${JSON.stringify(issue.input)}` +
    (issue.input === 'warning' ? '; `warning` is not in the taxonomy: use medium' : ''),
});

/** One alerting rule; the chart adds the `severity`, `layer`, `error_code` labels and the runbook URL. */
export const alertRule = z
  .strictObject({
    enabled: z.boolean().meta({ description: 'Render this alert' }),
    expr: z
      .string()
      .min(1)
      .meta({ description: 'PromQL expression; the alert fires for every series it returns' }),
    for: promDuration.meta({ description: 'How long the expression must hold before the alert fires' }),
    severity: severity.meta({ description: 'critical, high, medium or low (routes in Alertmanager)' }),
    errorCode: z
      .string()
      .regex(/^E\d{4}$/, 'an error code such as E0001')
      .optional()
      .meta({ description: 'Platform error code (E0001 ...), the error_code label' }),
    runbook: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'a runbook path such as E0001-node-not-ready')
      .meta({ description: 'Runbook path under runbookBaseUrl (runbook_url annotation)' }),
    summary: z.string().min(1).meta({ description: 'summary annotation (may use {{ $labels.x }})' }),
    description: z.string().min(1).meta({ description: 'description annotation (may use {{ $value }})' }),
    labels: z
      .record(labelName, z.string())
      .meta({ description: 'Extra labels on the alert (severity, layer, error_code are set by the chart)' }),
  })
  .meta({ description: 'An alerting rule' });
export type AlertRule = z.infer<typeof alertRule>;

/** One rule group of a PrometheusRule: recording rules first, then alerts, each sorted by name. */
export const ruleGroup = z
  .strictObject({
    interval: promDuration
      .optional()
      .meta({ description: 'Evaluation interval (Prometheus global when unset)' }),
    records: z
      .record(metricName, z.string().min(1))
      .meta({ description: 'Recording rules: metric name -> PromQL expression' }),
    alerts: z.record(alertName, alertRule).meta({ description: 'Alerting rules by alert name' }),
  })
  .meta({ description: 'A rule group' });
export type RuleGroupValues = z.infer<typeof ruleGroup>;

export const prometheusRule = z
  .strictObject({
    enabled: z.boolean().meta({ description: 'Render this PrometheusRule' }),
    groups: z
      .record(
        z.string().regex(/^[a-z][a-z0-9._-]*$/, 'a group name such as infrastructure.critical'),
        ruleGroup,
      )
      .meta({ description: 'Rule groups by name (empty groups are not rendered)' }),
  })
  .meta({ description: 'A PrometheusRule object: its groups by name' });
export type PrometheusRuleValues = z.infer<typeof prometheusRule>;

const relabeling = z.strictObject({
  sourceLabels: z.array(z.string()).optional(),
  separator: z.string().optional(),
  targetLabel: z.string().optional(),
  regex: z.string().optional(),
  replacement: z.string().optional(),
  action: z
    .enum([
      'replace',
      'keep',
      'drop',
      'labelmap',
      'labeldrop',
      'labelkeep',
      'hashmod',
      'lowercase',
      'uppercase',
    ])
    .optional(),
});

const labelSelector = z.strictObject({
  matchLabels: stringMap.meta({ description: 'Labels the Services or Pods must carry' }),
  matchExpressions: z
    .array(
      z.strictObject({
        key: z.string().min(1),
        operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: z.array(z.string()).optional(),
      }),
    )
    .meta({ description: 'Set-based requirements' }),
});

const endpoint = z.strictObject({
  port: z.string().min(1).meta({ description: 'Named port to scrape' }),
  path: z.string().startsWith('/').meta({ description: 'Metrics path' }),
  interval: promDuration.meta({ description: 'Scrape interval' }),
  scrapeTimeout: promDuration.optional().meta({ description: 'Scrape timeout (below the interval)' }),
  relabelings: z.array(relabeling).meta({ description: 'Relabelings before the scrape' }),
});

const monitorCommon = {
  enabled: z.boolean().meta({ description: 'Render this monitor' }),
  labels: stringMap.meta({ description: 'Extra labels on the monitor' }),
  jobLabel: z.string().optional().meta({ description: 'Label whose value becomes the job label' }),
  selector: labelSelector,
  namespaces: z
    .array(dnsLabel)
    .meta({ description: 'Namespaces to look in; empty means every namespace (namespaceSelector.any)' }),
  endpoints: z.array(endpoint).min(1).meta({ description: 'Endpoints to scrape' }),
};

export const serviceMonitor = z.strictObject(monitorCommon).meta({ description: 'A ServiceMonitor' });
export const podMonitor = z
  .strictObject(monitorCommon)
  .meta({ description: 'A PodMonitor (podMetricsEndpoints)' });
export type MonitorValues = z.infer<typeof serviceMonitor>;

const remoteRef = z.strictObject({
  key: z.string().min(1).meta({ description: 'Vault KV path in the store' }),
  property: z.string().min(1).meta({ description: 'Field of the Vault secret' }),
});

export const externalSecret = z
  .strictObject({
    enabled: z.boolean().meta({ description: 'Render this ExternalSecret' }),
    data: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[-._a-zA-Z0-9]+$/, 'a Secret key (letters, digits, -, _ and .)'),
          remoteRef,
        }),
      )
      .min(1)
      .meta({ description: 'Keys of the Secret and where each comes from' }),
  })
  .meta({ description: 'An ExternalSecret writing the Secret of the same name' });

export const dashboard = z
  .strictObject({
    enabled: z.boolean().meta({ description: 'Render this dashboard ConfigMap' }),
    file: z
      .string()
      .regex(/^dashboards\/[a-z0-9-]+\.json$/, 'a file dashboards/<name>.json of the chart')
      .meta({ description: 'Dashboard JSON file in the chart' }),
    folder: z.string().min(1).meta({ description: 'Grafana folder (grafana_folder annotation)' }),
  })
  .meta({ description: 'A Grafana dashboard shipped as a labelled ConfigMap' });

const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as us-west-2');

/** An S3 bucket of Thanos blocks: name, region and the regional endpoint. */
const s3BucketFields = {
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name')
    .meta({ description: 'S3 bucket of metric blocks (created with its cluster)' }),
  region: awsRegion.meta({ description: 'Region of the bucket' }),
  endpoint: z
    .string()
    .regex(/^s3\.[a-z0-9-]+\.amazonaws\.com$/, 's3.<region>.amazonaws.com')
    .meta({ description: 'S3 endpoint of that region' }),
};

const thanosImage = z
  .strictObject({
    repository: z.string().min(1),
    tag: z.string().regex(/^v\d+\.\d+\.\d+$/, 'an exact release such as v0.42.4 (never latest)'),
  })
  .meta({ description: 'The Thanos image of the sidecars (kube-prometheus-stack default)' });

/**
 * How long the compactor keeps blocks of one resolution (`--retention.resolution-*`): a whole
 * number of hours, days, weeks or years. Thanos reads `0d` as forever; not allowed here, so every
 * bucket has a bound.
 */
export const THANOS_RETENTION = /^[1-9]\d*[hdwy]$/;
const thanosRetention = z
  .string()
  .regex(THANOS_RETENTION, 'a duration such as 40h, 30d or 365d (whole hours, days, weeks or years, not 0)');

const volume = z
  .strictObject({
    storageClassName: dnsLabel.meta({ description: 'StorageClass (ssd-standard from platform-baseline)' }),
    size: quantity.meta({ description: 'Requested size' }),
  })
  .meta({ description: 'PersistentVolumeClaim of each replica (volumeClaimTemplates)' });

const podDisruptionBudget = z
  .strictObject({ enabled: z.boolean(), minAvailable: z.int().min(1) })
  .meta({ description: 'PodDisruptionBudget (where PDBs are on and there are 2+ replicas)' });

/**
 * A StatefulSet name longer than this makes the `controller-revision-hash` label of its pods
 * (`<name>-<hash of up to 10 characters>`) longer than 63 characters, and the API server refuses
 * the pods.
 */
export const STATEFULSET_NAME_MAX = 52;

/** Thanos: the sidecars' object storage, Query, the Store Gateways and the Compactor. */
export const thanos = z
  .strictObject({
    objectStorage: z
      .strictObject({
        configMapName: dnsLabel.meta({
          description: 'ConfigMap mounted into the Prometheus pods, the Compactor and the Store Gateway',
        }),
        fileName: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]*\.yaml$/, 'a file name such as objstore.yaml')
          .meta({ description: 'Key of the configuration in the ConfigMap' }),
        ...s3BucketFields,
        bucket: s3BucketFields.bucket.meta({
          description: "The cluster's bucket of metric blocks (created with the cluster)",
        }),
        region: awsRegion.meta({ description: 'Region of the bucket (the cluster region)' }),
      })
      .meta({
        description:
          'S3 configuration of the Thanos sidecars; no keys: the AWS SDK chain finds the EKS Pod Identity role thanos',
      }),
    query: z
      .strictObject({
        enabled: z.boolean().meta({ description: 'Render Thanos Query (the deduplicating query layer)' }),
        name: dnsLabel.meta({ description: 'Name of the Deployment and Service (thanos-query)' }),
        image: thanosImage,
        replicas: z
          .int()
          .min(1)
          .max(5)
          .meta({ description: 'Replicas (2 where the environment runs HA pairs)' }),
        podDisruptionBudget,
        replicaLabels: z.array(labelName).min(1).meta({
          description: 'External labels that only tell replicas apart: merged away by deduplication',
        }),
        endpoints: z
          .array(
            z
              .string()
              .regex(
                /^(dnssrv\+|dns\+)?[a-z0-9_.+-]+(:\d+)?$/,
                'a StoreAPI address, optionally dns+ or dnssrv+',
              ),
          )
          .min(1)
          .meta({
            description:
              'StoreAPI endpoints (--endpoint): the sidecars through their discovery Service; the chart adds every enabled Store Gateway',
          }),
        resources: resourceRequirements,
      })
      .meta({ description: 'Thanos Query Deployment and Service (HTTP 9090 -> 10902, gRPC 10901)' }),
    storeGateway: z
      .strictObject({
        enabled: z.boolean().meta({
          description: "Render the Store Gateway over the cluster's bucket (and the remote ones below)",
        }),
        name: z
          .string()
          .regex(/^[a-z]([a-z0-9-]{0,50}[a-z0-9])?$/, 'a DNS-1123 label of at most 52 characters')
          .meta({
            description:
              'Name of the StatefulSet and headless Service over the own bucket (thanos-store); a remote bucket gets <name>-<cluster> (52 characters at most)',
          }),
        serviceAccountName: dnsLabel.meta({
          description: 'ServiceAccount of every Store Gateway (Pod Identity association, role thanos)',
        }),
        image: thanosImage,
        replicas: z
          .int()
          .min(1)
          .max(5)
          .meta({ description: 'Replicas of each Store Gateway (2 where the environment runs HA pairs)' }),
        podDisruptionBudget,
        storage: volume,
        resources: resourceRequirements,
        remoteBuckets: z
          .record(
            dnsLabel,
            z
              .strictObject({
                enabled: z.boolean().meta({ description: 'Render the Store Gateway over this bucket' }),
                ...s3BucketFields,
              })
              .meta({ description: "Another cluster's bucket, read by a Store Gateway of its own" }),
          )
          .meta({
            description:
              "Buckets of other clusters this cluster's Query also reads, by cluster (the environment's primary: every other cluster of the environment; docs/decisions.md#thanos-global-view)",
          }),
      })
      .meta({
        description:
          'Thanos Store Gateway StatefulSets (gRPC 10901 for Query): the history in the buckets (docs/decisions.md#thanos-history)',
      }),
    compactor: z
      .strictObject({
        enabled: z.boolean().meta({ description: "Render the Compactor of the cluster's bucket" }),
        name: dnsLabel.meta({ description: 'Name of the StatefulSet and headless Service (thanos-compact)' }),
        serviceAccountName: dnsLabel.meta({
          description: 'ServiceAccount of the Compactor (Pod Identity association, role thanos)',
        }),
        image: thanosImage,
        retention: z
          .strictObject({
            raw: thanosRetention.meta({ description: '--retention.resolution-raw: raw samples' }),
            '5m': thanosRetention.meta({
              description: '--retention.resolution-5m: 5-minute downsampled blocks',
            }),
            '1h': thanosRetention.meta({
              description: '--retention.resolution-1h: 1-hour downsampled blocks',
            }),
          })
          .meta({ description: 'How long each resolution stays in the bucket' }),
        downsampling: z.boolean().meta({
          description:
            'Downsample to 5m (blocks of 40h and more) and 1h (10 days and more); false: --downsampling.disable',
        }),
        storage: volume,
        resources: resourceRequirements,
      })
      .meta({
        description:
          "Thanos Compactor StatefulSet, always one replica (a bucket takes a single compactor): compaction, downsampling and retention of the cluster's bucket",
      }),
  })
  .meta({
    description:
      'Thanos: sidecar storage, Query, Store Gateways and Compactor (docs/decisions.md#prometheus-deduplication)',
  });
export type ThanosValues = z.infer<typeof thanos>;

/**
 * Tempo's scalable monolith (docs/decisions.md#tempo-object-storage): the governing headless
 * Service of the tempo chart's StatefulSet, which the chart names but does not ship (memberlist
 * joins and queriers find the query-frontends through it), and the PDB the chart lacks.
 */
export const tempo = z
  .strictObject({
    headlessService: z
      .strictObject({
        name: dnsLabel.meta({ description: 'The StatefulSet serviceName: <tempo fullname>-headless' }),
        selector: stringMap.meta({ description: "The tempo chart's pod selector labels" }),
        memberlistPort: z.int().min(1).max(65535).meta({ description: 'Memberlist gossip (TCP and UDP)' }),
        grpcPort: z
          .int()
          .min(1)
          .max(65535)
          .meta({ description: 'gRPC: distributor to ingesters, queriers to query-frontends' }),
      })
      .meta({ description: 'Headless Service over the Tempo pods, not-ready ones included' }),
    podDisruptionBudget: z.strictObject({ enabled: z.boolean(), maxUnavailable: z.literal(1) }).meta({
      description: 'PodDisruptionBudget (2+ replicas and PDBs on): one replica down keeps the write quorum',
    }),
  })
  .meta({
    description: 'Tempo: headless Service and PDB for the scalable monolith (the upstream chart has neither)',
  });
export type TempoChartValues = z.infer<typeof tempo>;

/** Values of our chart `charts/observability`. */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment.meta({
      description: 'Environment of the cluster; a label on every object',
    }),
    cluster: z.string().min(1).meta({ description: 'Name of the Kubernetes cluster' }),
    labels: platformLabels,
    runbookBaseUrl: z
      .url({ protocol: /^https$/ })
      .meta({ description: 'Base of every runbook_url annotation (https)' }),
    ruleLabels: stringMap.meta({
      description: 'Labels on every PrometheusRule (prometheus: main, layer: l00)',
    }),
    prometheusRules: z.record(dnsSubdomain, prometheusRule).meta({
      description: 'PrometheusRule objects by name (alerts overridable per environment and cluster)',
    }),
    serviceMonitors: z.record(dnsSubdomain, serviceMonitor).meta({ description: 'ServiceMonitors by name' }),
    podMonitors: z.record(dnsSubdomain, podMonitor).meta({ description: 'PodMonitors by name' }),
    externalSecrets: z
      .strictObject({
        secretStore: z
          .strictObject({ kind: z.enum(['ClusterSecretStore', 'SecretStore']), name: z.string().min(1) })
          .meta({ description: 'The store External Secrets reads from (vault-backend)' }),
        refreshInterval: promDuration.meta({ description: 'How often the Secrets are refreshed from Vault' }),
        secrets: z
          .record(dnsSubdomain, externalSecret)
          .meta({ description: 'ExternalSecrets by Secret name (Alertmanager receivers, Grafana admin)' }),
      })
      .meta({ description: 'Secrets, only through external-secrets.io/v1 ExternalSecrets' }),
    dashboards: z
      .strictObject({
        label: z.string().min(1).meta({ description: 'Label the Grafana sidecar looks for' }),
        labelValue: z.string().min(1).meta({ description: 'Value of that label' }),
        items: z.record(dnsLabel, dashboard).meta({ description: 'Dashboards by ConfigMap suffix' }),
      })
      .meta({ description: 'Grafana dashboards as ConfigMaps the sidecar loads' }),
    thanos,
    tempo,
  })
  .meta({ description: 'Values of the observability chart' });
export type ChartValues = z.infer<typeof chartValues>;
