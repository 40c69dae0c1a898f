import { quantity, resourceRequirements } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of exactly the values we set on the upstream charts of the observability
 * component. Keys were checked against the charts' `values.yaml` (and `values.schema.json` where
 * the chart has one) at the pinned versions:
 * - kube-prometheus-stack 88.5.3 (prometheus-community/helm-charts `charts/kube-prometheus-stack`,
 *   templates `prometheus/prometheus.yaml`, `alertmanager/alertmanager.yaml`), with its subcharts
 *   grafana 12.11.1 (grafana-community/helm-charts), kube-state-metrics 8.4.0 and
 *   prometheus-node-exporter 4.56.1;
 * - loki 18.11.0 (grafana-community/helm-charts `charts/loki`, `values.schema.json`,
 *   `templates/validate.yaml`, `templates/_pdb.tpl`);
 * - tempo 2.2.4 (grafana-community/helm-charts `charts/tempo`);
 * - opentelemetry-collector 0.170.0 (open-telemetry/opentelemetry-helm-charts, `values.schema.json`).
 */

const dnsName = z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a DNS-1123 name');
const labelMap = z.record(z.string(), z.string());
/** cost-center, layer and environment: Gatekeeper's require-cost-labels denies workloads without them in production. */
export const costLabels = z
  .strictObject({
    'cost-center': z.string().min(1),
    layer: z.string().regex(/^l(0[0-9]|1[01])$/),
    environment: z.enum(['development', 'staging', 'production']),
  })
  .meta({ description: 'Labels on every object of the chart (cost attribution, require-cost-labels)' });
const replicas = z.int().min(1).max(10);
const enabled = z.strictObject({ enabled: z.boolean() });
const days = z.string().regex(/^\d+d$/, 'a number of days such as 15d');
const hours = z.string().regex(/^\d+h$/, 'a number of hours such as 720h');
const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration such as 30s');

/** A StatefulSet volume claim template as the Prometheus Operator CRDs take it. */
const volumeClaimTemplate = z.strictObject({
  volumeClaimTemplate: z.strictObject({
    spec: z.strictObject({
      storageClassName: dnsName.meta({ description: 'StorageClass (ssd-standard from platform-baseline)' }),
      accessModes: z.array(z.enum(['ReadWriteOnce'])).length(1),
      resources: z.strictObject({ requests: z.strictObject({ storage: quantity }) }),
    }),
  }),
});

const kpsPdb = z
  .strictObject({ enabled: z.boolean(), minAvailable: z.int().min(1) })
  .meta({ description: 'PodDisruptionBudget (on where the environment enables PDBs and replicas > 1)' });

// ---------------------------------------------------------------- kube-prometheus-stack

const prometheusSpec = z.strictObject({
  replicas: replicas.meta({ description: 'Prometheus replicas (environment profile; HA pair or more)' }),
  retention: days.meta({
    description: 'TSDB retention: environment retention.prometheusDays (1–90 d)',
  }),
  scrapeInterval: duration.meta({ description: 'Default scrape interval (30s)' }),
  evaluationInterval: duration.meta({ description: 'Rule evaluation interval' }),
  enableRemoteWriteReceiver: z.boolean().meta({
    description:
      'Accept remote write on /api/v1/write: the collector exports metrics with prometheusremotewrite',
  }),
  externalLabels: labelMap.meta({
    description: 'Labels added to every series: cluster, environment, region',
  }),
  serviceMonitorSelectorNilUsesHelmValues: z
    .boolean()
    .meta({ description: 'false: select every ServiceMonitor of the cluster, not only this release' }),
  podMonitorSelectorNilUsesHelmValues: z.boolean().meta({ description: 'false: select every PodMonitor' }),
  ruleSelectorNilUsesHelmValues: z.boolean().meta({ description: 'false: select every PrometheusRule' }),
  probeSelectorNilUsesHelmValues: z.boolean().meta({ description: 'false: select every Probe' }),
  scrapeConfigSelectorNilUsesHelmValues: z
    .boolean()
    .meta({ description: 'false: select every ScrapeConfig' }),
  resources: resourceRequirements,
  storageSpec: volumeClaimTemplate.meta({ description: 'TSDB volume per replica' }),
  thanos: z
    .strictObject({
      objectStorageConfigFile: z.string().startsWith('/').meta({
        description:
          'Object storage configuration of the sidecar, read from a file (a ConfigMap of our chart, no credentials: EKS Pod Identity)',
      }),
      volumeMounts: z
        .array(
          z.strictObject({ name: dnsName, mountPath: z.string().startsWith('/'), readOnly: z.literal(true) }),
        )
        .min(1)
        .meta({ description: 'Mounts of the sidecar container (the object storage ConfigMap)' }),
      resources: resourceRequirements,
    })
    .meta({
      description:
        'Thanos sidecar in every Prometheus pod: uploads the 2h blocks to S3 and serves the StoreAPI to Thanos Query',
    }),
  volumes: z
    .array(z.strictObject({ name: dnsName, configMap: z.strictObject({ name: dnsName }) }))
    .meta({ description: 'Extra pod volumes (the Thanos object storage ConfigMap)' }),
});

export const kubePrometheusStackValues = z
  .strictObject({
    fullnameOverride: dnsName.meta({
      description:
        'Prefix of every object; the Prometheus Service is `<fullnameOverride>-prometheus` (PROMETHEUS_URL)',
    }),
    crds: z.strictObject({ enabled: z.literal(false) }).meta({
      description:
        'Off: the prometheus-operator-crds component installs the same CRDs (operator v0.93.1) in the first wave',
    }),
    commonLabels: costLabels,
    kubeEtcd: enabled.meta({ description: 'etcd is not reachable on EKS' }),
    kubeControllerManager: enabled.meta({ description: 'Not reachable on EKS' }),
    kubeScheduler: enabled.meta({ description: 'Not reachable on EKS' }),
    kubeProxy: enabled.meta({ description: 'Cilium replaces kube-proxy' }),
    prometheusOperator: z.strictObject({
      resources: resourceRequirements,
      prometheusConfigReloader: z.strictObject({ resources: resourceRequirements }),
    }),
    prometheus: z.strictObject({
      podDisruptionBudget: kpsPdb,
      thanosService: enabled.meta({
        description:
          'Headless Service <fullname>-thanos-discovery over the sidecars (gRPC 10901); Thanos Query resolves its SRV records',
      }),
      prometheusSpec,
    }),
    alertmanager: z.strictObject({
      podDisruptionBudget: kpsPdb,
      config: z.record(z.string(), z.unknown()).meta({
        description: 'alertmanager.yml (from the chart part of this component: routing by severity)',
      }),
      alertmanagerSpec: z.strictObject({
        replicas,
        secrets: z
          .array(dnsName)
          .meta({ description: 'Secrets mounted at /etc/alertmanager/secrets/<name> (receiver keys)' }),
        resources: resourceRequirements,
        storage: volumeClaimTemplate,
      }),
    }),
    grafana: z.strictObject({
      fullnameOverride: dnsName,
      extraLabels: costLabels,
      replicas,
      podDisruptionBudget: z
        .strictObject({ minAvailable: z.int().min(1).optional() })
        .meta({ description: '{} renders no PDB (the chart creates one only when the map is not empty)' }),
      resources: resourceRequirements,
      admin: z
        .strictObject({ existingSecret: dnsName, userKey: z.string().min(1), passwordKey: z.string().min(1) })
        .meta({ description: 'Admin credentials from an existing Secret (ExternalSecret in our chart)' }),
      persistence: z
        .strictObject({
          enabled: z.boolean(),
          type: z.enum(['pvc', 'statefulset']).meta({
            description:
              'statefulset: one PVC per replica (a ReadWriteOnce pvc cannot be shared by replicas)',
          }),
          storageClassName: dnsName,
          size: quantity,
        })
        .meta({ description: 'Grafana state on the platform StorageClass' }),
      sidecar: z.strictObject({
        resources: resourceRequirements,
        datasources: z.strictObject({ url: z.url() }).meta({
          description:
            'URL of the default Prometheus datasource: Thanos Query, which deduplicates the replicas (THANOS_QUERY_URL)',
        }),
        dashboards: z.strictObject({
          enabled: z.boolean(),
          label: z
            .string()
            .min(1)
            .meta({ description: 'Label of the dashboard ConfigMaps (DASHBOARD_LABEL)' }),
          labelValue: z.string().min(1),
          searchNamespace: z.literal('ALL').meta({ description: 'Load dashboards from every namespace' }),
        }),
      }),
      additionalDataSources: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            type: z.enum(['loki', 'tempo']),
            uid: dnsName,
            url: z.url(),
            access: z.literal('proxy'),
          }),
        )
        .meta({ description: 'Loki and Tempo next to the Prometheus datasource the chart adds' }),
    }),
    'kube-state-metrics': z.strictObject({
      fullnameOverride: dnsName,
      customLabels: costLabels,
      metricLabelsAllowlist: z.array(z.string().regex(/^[a-z]+=\[[a-z0-9,.\-/*]+\]$/)).meta({
        description: 'Labels exported by kube_<resource>_labels, e.g. namespaces=[cost-budget,...]',
      }),
      resources: resourceRequirements,
    }),
    'prometheus-node-exporter': z.strictObject({ commonLabels: costLabels, resources: resourceRequirements }),
  })
  .meta({ title: 'kube-prometheus-stack values (the keys we set)' });
export type KubePrometheusStackValues = z.infer<typeof kubePrometheusStackValues>;

// ---------------------------------------------------------------- Loki

export const lokiValues = z
  .strictObject({
    fullnameOverride: dnsName.meta({ description: 'The Loki Service name (monolithic, no gateway): loki' }),
    deploymentMode: z.literal('Monolithic').meta({ description: 'Single binary, object storage in S3' }),
    commonLabels: costLabels,
    loki: z.strictObject({
      auth_enabled: z.boolean().meta({ description: 'false: single tenant, no X-Scope-OrgID needed' }),
      commonConfig: z.strictObject({
        replication_factor: z.int().min(1).max(3).meta({ description: 'At most the number of replicas' }),
      }),
      storage: z.strictObject({
        type: z.literal('s3'),
        bucketNames: z.strictObject({ chunks: dnsName, ruler: dnsName }),
        s3: z.strictObject({
          region: z
            .string()
            .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/)
            .meta({
              description: 'Bucket region; credentials come from EKS Pod Identity on the loki ServiceAccount',
            }),
        }),
      }),
      schemaConfig: z.strictObject({
        configs: z
          .array(
            z.strictObject({
              from: z.iso.date(),
              store: z.literal('tsdb'),
              object_store: z.literal('s3'),
              schema: z.literal('v13'),
              index: z.strictObject({ prefix: z.string().min(1), period: z.literal('24h') }),
            }),
          )
          .min(1),
      }),
      limits_config: z.strictObject({
        retention_period: hours.meta({
          description: 'Log retention: environment retention.logsDays (7–365 d)',
        }),
        allow_structured_metadata: z
          .boolean()
          .meta({ description: 'Needed by OTLP ingestion (resource attributes as structured metadata)' }),
      }),
      compactor: z
        .strictObject({
          retention_enabled: z.boolean(),
          delete_request_store: z.literal('s3'),
        })
        .meta({ description: 'The compactor applies retention_period (Loki 3 needs delete_request_store)' }),
    }),
    singleBinary: z.strictObject({
      replicas,
      resources: resourceRequirements,
      persistence: z
        .strictObject({ enabled: z.boolean(), size: quantity, storageClass: dnsName })
        .meta({ description: 'WAL, TSDB index cache and compactor work dir (chunks live in S3)' }),
      podDisruptionBudget: z.strictObject({ enabled: z.boolean(), minAvailable: z.int().min(1) }),
    }),
    backend: z.strictObject({ replicas: z.literal(0) }),
    read: z.strictObject({ replicas: z.literal(0) }),
    write: z.strictObject({ replicas: z.literal(0) }),
    gateway: enabled.meta({ description: 'No nginx gateway: clients talk to loki:3100 directly' }),
    lokiCanary: enabled,
    test: enabled.meta({ description: 'The Helm test needs the canary' }),
    chunksCache: enabled.meta({ description: 'memcached chunks cache (8 GiB by default): off' }),
    resultsCache: enabled,
    sidecar: z.strictObject({ resources: resourceRequirements }).meta({ description: 'Rules sidecar' }),
  })
  .meta({ title: 'loki values (the keys we set)' });
export type LokiValues = z.infer<typeof lokiValues>;

// ---------------------------------------------------------------- Tempo

const podAffinityTerm = z.strictObject({
  topologyKey: z.enum(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']),
  labelSelector: z.strictObject({ matchLabels: labelMap }),
});

export const tempoValues = z
  .strictObject({
    fullnameOverride: dnsName,
    global: z.strictObject({ commonLabels: costLabels }),
    podLabels: costLabels.meta({ description: 'Labels on the pods (OpenCost attributes cost by pod label)' }),
    replicas: replicas.meta({
      description:
        'One monolith, or three or more replicas in scalable monolithic mode sharing one ring (docs/decisions.md#tempo-object-storage)',
    }),
    tempo: z.strictObject({
      retention: hours.meta({ description: 'Block retention: environment retention.tracesDays (1–30 d)' }),
      reportingEnabled: z.boolean(),
      resources: resourceRequirements,
      extraArgs: z
        .strictObject({
          target: z.literal('scalable-single-binary'),
          'memberlist.join': z
            .string()
            .regex(
              /^dns\+[a-z0-9-]+(\.[a-z0-9-]+)*\.svc\.cluster\.local:\d+$/,
              'dns+<service>.<namespace>.svc.cluster.local:<port>',
            ),
        })
        .optional()
        .meta({
          description:
            'Scalable monolithic mode: -target=scalable-single-binary and -memberlist.join (the headless Service on 7946)',
        }),
      ingester: z
        .strictObject({
          lifecycler: z.strictObject({
            ring: z.strictObject({
              kvstore: z.strictObject({ store: z.literal('memberlist') }),
              replication_factor: z.int().min(1).max(5),
            }),
          }),
        })
        .optional()
        .meta({ description: 'The ingester ring on memberlist and its replication factor' }),
      querier: z
        .strictObject({
          frontend_worker: z.strictObject({
            frontend_address: z.string().regex(/^[a-z0-9.-]+:\d+$/, '<host>:<port>'),
          }),
        })
        .optional()
        .meta({
          description: 'Every query-frontend the address resolves to (the headless Service, gRPC 9095)',
        }),
      storage: z
        .strictObject({
          trace: z.strictObject({
            backend: z.literal('s3').meta({ description: 'Blocks on S3, not the pod volume' }),
            s3: z.strictObject({
              bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
              endpoint: z.string().regex(/^s3\.[a-z0-9-]+\.amazonaws\.com$/, 's3.<region>.amazonaws.com'),
              region: z.string().min(1),
            }),
            local: z.null().meta({ description: "null removes the chart's default local backend" }),
            wal: z.strictObject({ path: z.string().min(1) }),
          }),
        })
        .meta({
          description: 'Trace blocks on the S3 bucket of the cluster through EKS Pod Identity (role tempo)',
        }),
    }),
    affinity: z
      .strictObject({
        podAntiAffinity: z.strictObject({
          requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm),
          preferredDuringSchedulingIgnoredDuringExecution: z.array(
            z.strictObject({ weight: z.int().min(1).max(100), podAffinityTerm }),
          ),
        }),
      })
      .optional()
      .meta({
        description: 'Replicas on distinct nodes, spread over the zones (the chart has no spread value)',
      }),
    persistence: z
      .strictObject({ enabled: z.boolean(), storageClassName: dnsName, size: quantity })
      .meta({ description: 'The write-ahead log only; blocks go to S3' }),
  })
  .superRefine((v, ctx) => {
    // Several replicas of the plain monolith each keep an in-memory ring of their own: spans are
    // split between them and a query sees one share.
    if (v.replicas === 1) return;
    const rf = v.tempo.ingester?.lifecycler.ring.replication_factor;
    if (!v.tempo.extraArgs || !v.tempo.querier || rf === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['tempo'],
        message: `${v.replicas} replicas need the scalable monolithic mode: tempo.extraArgs (target, memberlist.join), tempo.ingester ring and tempo.querier.frontend_worker`,
      });
    } else if (v.replicas < rf) {
      ctx.addIssue({
        code: 'custom',
        path: ['replicas'],
        message: `${v.replicas} replicas cannot hold ${rf} copies of each trace (tempo.ingester.lifecycler.ring.replication_factor)`,
      });
    }
  })
  .meta({ title: 'tempo values (the keys we set)' });
export type TempoValues = z.infer<typeof tempoValues>;

// ---------------------------------------------------------------- OpenTelemetry collector

const pipeline = z.strictObject({
  receivers: z.array(z.string().min(1)).min(1),
  processors: z.array(z.string().min(1)),
  exporters: z.array(z.string().min(1)).min(1),
});

const otlpReceiver = z.strictObject({
  protocols: z.strictObject({
    grpc: z.strictObject({ endpoint: z.string().min(1) }),
    http: z.strictObject({ endpoint: z.string().min(1) }).optional(),
  }),
});

const memoryLimiter = z
  .strictObject({
    check_interval: duration,
    limit_mib: z.int().min(64),
    spike_limit_mib: z.int().min(16),
    limit_percentage: z
      .literal(0)
      .meta({ description: "0 switches off the chart's default 80 % so limit_mib applies" }),
    spike_limit_percentage: z.literal(0).meta({ description: "0 switches off the chart's default 25 %" }),
  })
  .meta({ description: 'Refuses data before the container limit is reached (limit_mib < memory limit)' });

const batch = z.strictObject({ timeout: duration, send_batch_size: z.int().min(1) });

const resourceProcessor = z.strictObject({
  attributes: z
    .array(
      z.strictObject({
        key: z.string().min(1),
        value: z.string().min(1),
        action: z.enum(['upsert', 'insert']),
      }),
    )
    .min(1),
});

const insecureOtlp = z.strictObject({
  endpoint: z.string().min(1),
  tls: z.strictObject({ insecure: z.boolean() }),
});

const tailPolicy = z.discriminatedUnion('type', [
  z.strictObject({
    name: z.string().min(1),
    type: z.literal('status_code'),
    status_code: z.strictObject({ status_codes: z.array(z.enum(['ERROR', 'OK', 'UNSET'])).min(1) }),
  }),
  z.strictObject({
    name: z.string().min(1),
    type: z.literal('latency'),
    latency: z.strictObject({ threshold_ms: z.int().positive() }),
  }),
  z.strictObject({
    name: z.string().min(1),
    type: z.literal('probabilistic'),
    probabilistic: z.strictObject({ sampling_percentage: z.number().gt(0).max(100) }),
  }),
]);

export const tailSampling = z
  .strictObject({
    decision_wait: duration,
    num_traces: z.int().min(1),
    expected_new_traces_per_sec: z.int().min(1),
    policies: z.array(tailPolicy).min(1),
  })
  .meta({ description: 'Keeps a trace when any policy matches: errors, slow traces, or the head rate' });

const loadBalancing = z
  .strictObject({
    routing_key: z.enum(['traceID', 'service']),
    protocol: z.strictObject({
      otlp: z.strictObject({ timeout: duration, tls: z.strictObject({ insecure: z.boolean() }) }),
    }),
    resolver: z.strictObject({
      dns: z.strictObject({ hostname: z.string().min(1), port: z.int().min(1).max(65535) }),
    }),
  })
  .meta({
    description: 'Routes all spans of a trace to one gateway replica (tail sampling needs them together)',
  });

const collectorImage = z.strictObject({
  repository: z.enum(['otel/opentelemetry-collector-k8s', 'otel/opentelemetry-collector-contrib']),
});

const disabledPort = z.strictObject({ enabled: z.literal(false) });
const unusedPorts = {
  'jaeger-compact': disabledPort,
  'jaeger-thrift': disabledPort,
  'jaeger-grpc': disabledPort,
  zipkin: disabledPort,
};

const collectorCommon = {
  fullnameOverride: dnsName,
  additionalLabels: costLabels,
  podLabels: costLabels.meta({ description: 'Labels on the pods (OpenCost attributes cost by pod label)' }),
  image: collectorImage,
  command: z.strictObject({ name: z.enum(['otelcol-k8s', 'otelcol-contrib']) }),
  resources: resourceRequirements,
};

/** The agent DaemonSet: OTLP on the node (hostPort 4317/4318) and container logs (file_log). */
export const otelAgentValues = z
  .strictObject({
    ...collectorCommon,
    mode: z.literal('daemonset'),
    presets: z.strictObject({
      logsCollection: z.strictObject({ enabled: z.boolean(), includeCollectorLogs: z.boolean() }).meta({
        description: 'file_log receiver on /var/log/pods (replaces Promtail, which is end-of-life)',
      }),
      kubernetesAttributes: enabled.meta({ description: 'k8s_attributes processor and its RBAC' }),
    }),
    tolerations: z
      .array(z.strictObject({ operator: z.literal('Exists') }))
      .meta({ description: 'Run on every node, tainted ones included (logs of every pod)' }),
    ports: z.strictObject(unusedPorts),
    config: z.strictObject({
      receivers: z.strictObject({ otlp: otlpReceiver }),
      processors: z.strictObject({ memory_limiter: memoryLimiter, batch }),
      exporters: z.strictObject({ 'otlp_grpc/gateway': insecureOtlp }),
      service: z.strictObject({
        pipelines: z.strictObject({ traces: pipeline, metrics: pipeline, logs: pipeline }),
      }),
    }),
  })
  .meta({ title: 'opentelemetry-collector values of the agent DaemonSet (the keys we set)' });
export type OtelAgentValues = z.infer<typeof otelAgentValues>;

const headlessService = z
  .strictObject({
    apiVersion: z.literal('v1'),
    kind: z.literal('Service'),
    metadata: z.strictObject({ name: dnsName, namespace: dnsName }),
    spec: z.strictObject({
      clusterIP: z.literal('None'),
      selector: labelMap,
      ports: z
        .array(
          z.strictObject({
            name: dnsName,
            port: z.int().min(1).max(65535),
            targetPort: z.int().min(1).max(65535),
            protocol: z.literal('TCP'),
            appProtocol: z.literal('grpc'),
          }),
        )
        .min(1),
    }),
  })
  .meta({ description: 'Headless Service over the gateway pods, resolved by the load-balancing exporter' });

/** The gateway Deployment: sampling, enrichment and export to Tempo, Prometheus and Loki. */
export const otelGatewayValues = z
  .strictObject({
    ...collectorCommon,
    mode: z.literal('deployment'),
    replicaCount: replicas,
    podDisruptionBudget: z.strictObject({ enabled: z.boolean(), minAvailable: z.int().min(1) }),
    ports: z.strictObject({
      ...unusedPorts,
      'otlp-sampling': z
        .strictObject({
          enabled: z.boolean(),
          containerPort: z.int().min(1).max(65535),
          servicePort: z.int().min(1).max(65535),
          protocol: z.literal('TCP'),
          appProtocol: z.literal('grpc'),
        })
        .optional()
        .meta({ description: 'Second OTLP receiver of the tail-sampling stage' }),
    }),
    extraManifests: z.array(headlessService),
    config: z.strictObject({
      receivers: z.strictObject({ otlp: otlpReceiver, 'otlp/sampling': otlpReceiver.optional() }),
      processors: z.strictObject({
        memory_limiter: memoryLimiter,
        batch,
        resource: resourceProcessor.meta({ description: 'Adds cluster and environment to every signal' }),
        probabilistic_sampler: z
          .strictObject({ sampling_percentage: z.number().gt(0).max(100) })
          .optional()
          .meta({ description: 'Head sampling where there is no tail sampling (staging 10%)' }),
        tail_sampling: tailSampling.optional(),
      }),
      exporters: z
        .strictObject({
          'otlp_grpc/tempo': insecureOtlp.meta({ description: 'Traces to Tempo (OTLP gRPC 4317)' }),
          'otlp_http/loki': z.strictObject({ endpoint: z.url() }).meta({
            description: "Logs to Loki's native OTLP endpoint (the contrib loki exporter is gone)",
          }),
          loadbalancing: loadBalancing.optional(),
        })
        // `prometheusremotewrite/<ordinal>`: one per Prometheus replica, to its pod (remote-write
        // receiver on); the rule remote-write-receiver refuses any other extra key.
        // (typed unknown so the index signature does not constrain the named exporters above)
        .catchall(z.strictObject({ endpoint: z.url() }) as z.ZodType<unknown>)
        .meta({
          description: 'Exporters; metrics go to each Prometheus replica as prometheusremotewrite/<ordinal>',
        }),
      service: z.strictObject({
        pipelines: z.strictObject({
          traces: pipeline,
          'traces/sampling': pipeline.optional(),
          metrics: pipeline,
          logs: pipeline,
        }),
      }),
    }),
  })
  .meta({ title: 'opentelemetry-collector values of the gateway Deployment (the keys we set)' });
export type OtelGatewayValues = z.infer<typeof otelGatewayValues>;

/** All upstream targets of the component, as the rules see them. */
export interface UpstreamTargets {
  'kube-prometheus-stack': KubePrometheusStackValues;
  loki: LokiValues;
  tempo: TempoValues;
  'otel-agent': OtelAgentValues;
  'otel-gateway': OtelGatewayValues;
}
