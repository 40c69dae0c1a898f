import { z } from 'zod';

/**
 * Strict schema of the values of our chart `charts/redis-cluster`; `values.schema.json` is
 * generated from it, so Helm rejects the same mistakes. Cross-field rules (cluster mode needs
 * three masters, maxmemory below the memory limit ...) are in `rules.ts`.
 * @see https://valkey.io/topics/cluster-tutorial/
 */

const quantity = z
  .string()
  .regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, 'a Kubernetes quantity such as 100m or 512Mi');
const requestsLimits = z.strictObject({
  requests: z.strictObject({ cpu: quantity, memory: quantity }),
  limits: z.strictObject({ cpu: quantity, memory: quantity }),
});
const image = z.strictObject({
  repository: z.string().min(1).meta({ description: 'Image repository' }),
  tag: z
    .string()
    .regex(/^v?\d+\.\d+\.\d+[\w.-]*$/, 'an exact version tag such as 8.1.8-alpine (never latest)')
    .meta({ description: 'Exact version tag' }),
});
const dnsLabel = z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a DNS-1123 label');
const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration such as 30s or 1h');
/** A certificate lifetime in whole hours, as cert-manager writes Go durations. */
const certDuration = z.string().regex(/^\d+h$/, 'a duration in hours such as 2160h');

/** The StorageClasses the platform baseline creates. */
export const STORAGE_CLASSES = ['ssd-high-iops', 'ssd-standard', 'ssd-encrypted', 'hdd-archive'] as const;

/** Values of our chart `charts/redis-cluster`. */
export const chartValues = z
  .strictObject({
    environment: z
      .enum(['development', 'staging', 'production'])
      .meta({ description: 'Environment of the cluster; a label on every object' }),
    cluster: z.string().min(1).meta({ description: 'Name of the Kubernetes cluster' }),
    labels: z
      .strictObject({ 'cost-center': z.string().min(1), layer: z.string().regex(/^l(0[0-9]|1[01])$/) })
      .meta({ description: 'Labels on every object and pod template (cost-center, layer)' }),
    fullname: dnsLabel
      .max(40)
      .meta({ description: 'Base name of every object; the client Service is <fullname>' }),
    clusterDomain: z.string().min(1).meta({ description: 'Cluster DNS domain' }),
    mode: z
      .enum(['standalone', 'cluster'])
      .meta({ description: 'standalone: one server; cluster: Redis Cluster (cluster-aware clients)' }),
    topology: z
      .strictObject({
        masters: z.int().min(1).max(100).meta({ description: 'Masters (1 standalone, >= 3 cluster)' }),
        replicasPerMaster: z.int().min(0).max(5).meta({ description: 'Replicas per master (0 to 2)' }),
      })
      .meta({ description: 'Pods = masters x (1 + replicasPerMaster)' }),
    image: image
      .extend({ pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']) })
      .meta({ description: 'Server image (Valkey, BSD-3-Clause)' }),
    clusterConfig: z
      .strictObject({
        busPort: z.int().min(1024).max(65535).meta({ description: 'Cluster bus port' }),
        nodeTimeoutMs: z.int().min(1000).max(60000).meta({ description: 'cluster-node-timeout (ms)' }),
        requireFullCoverage: z.boolean().meta({ description: 'cluster-require-full-coverage' }),
        preferredEndpointType: z
          .enum(['hostname', 'ip'])
          .meta({ description: 'cluster-preferred-endpoint-type: what redirects send clients' }),
      })
      .meta({ description: 'Redis Cluster settings (cluster mode)' }),
    config: z
      .strictObject({
        maxmemoryMb: z.int().min(16).meta({ description: 'maxmemory in MiB (<= 80% of the memory limit)' }),
        maxmemoryPolicy: z
          .enum([
            'noeviction',
            'allkeys-lru',
            'allkeys-lfu',
            'allkeys-random',
            'volatile-lru',
            'volatile-lfu',
            'volatile-random',
            'volatile-ttl',
          ])
          .meta({ description: 'maxmemory-policy (noeviction: queues must not lose entries)' }),
        appendonly: z.boolean().meta({ description: 'AOF persistence' }),
        appendfsync: z.enum(['always', 'everysec', 'no']).meta({ description: 'AOF fsync policy' }),
      })
      .meta({ description: 'redis.conf settings' }),
    service: z.strictObject({ port: z.int().min(1024).max(65535) }).meta({ description: 'Client port' }),
    persistence: z
      .strictObject({
        storageClass: z.enum(STORAGE_CLASSES).meta({ description: 'StorageClass' }),
        size: quantity.meta({ description: 'Volume size per pod' }),
      })
      .meta({ description: 'Persistent volume of every server pod' }),
    resources: z
      .strictObject({ redis: requestsLimits, exporter: requestsLimits, bootstrap: requestsLimits })
      .meta({ description: 'Requests and limits of every container' }),
    auth: z
      .strictObject({
        secretName: dnsLabel.meta({ description: 'Secret the ExternalSecret writes (key password)' }),
        refreshInterval: duration,
        secretStore: z.strictObject({
          kind: z.enum(['ClusterSecretStore', 'SecretStore']),
          name: z.string().min(1),
        }),
        remoteRef: z.strictObject({
          key: z.string().min(1).meta({ description: 'Vault path' }),
          property: z.string().min(1).meta({ description: 'Field of the Vault secret' }),
        }),
      })
      .meta({ description: 'The password, through an external-secrets.io/v1 ExternalSecret' }),
    tls: z
      .strictObject({
        enabled: z.boolean().meta({ description: 'Serve only TLS (port 0), on the bus and replication too' }),
        issuer: z
          .strictObject({
            kind: z.enum(['ClusterIssuer', 'Issuer']).meta({ description: 'cert-manager issuer kind' }),
            name: z
              .string()
              .regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$/, 'an issuer name such as vault-pki')
              .meta({ description: 'Issuer of the certificate, e.g. vault-pki; empty when TLS is off' }),
          })
          .meta({ description: 'The cert-manager issuer that signs the certificate' }),
        secretName: dnsLabel.meta({
          description: 'Secret cert-manager writes (tls.crt, tls.key, ca.crt) and the pods mount',
        }),
        duration: certDuration.meta({ description: 'Certificate lifetime' }),
        renewBefore: certDuration.meta({ description: 'Renew this long before expiry' }),
        authClients: z.enum(['no', 'optional', 'yes']).meta({
          description:
            'tls-auth-clients: optional verifies a client certificate when one is presented; the password authenticates clients',
        }),
        reloadIntervalSeconds: z.int().min(5).max(3600).meta({
          description: 'How often start.sh checks the mounted certificate and reloads a renewed one in place',
        }),
      })
      .meta({ description: 'TLS with a cert-manager.io/v1 Certificate (docs/decisions.md#redis-tls)' }),
    metrics: z
      .strictObject({
        enabled: z.boolean().meta({ description: 'redis_exporter sidecar' }),
        image,
        port: z.int().min(1024).max(65535),
        serviceMonitor: z.strictObject({
          enabled: z.boolean(),
          interval: duration,
          scrapeTimeout: duration,
          labels: z.record(z.string(), z.string()),
        }),
      })
      .meta({ description: 'Prometheus metrics' }),
    networkPolicy: z
      .strictObject({
        enabled: z.boolean(),
        clientNamespaces: z.array(dnsLabel).meta({ description: 'Namespaces allowed on the client port' }),
        metricsNamespaces: z.array(dnsLabel).meta({ description: 'Namespaces allowed to scrape' }),
        dnsNamespace: dnsLabel,
        apiServerPort: z.int().min(1).max(65535).meta({
          description: 'Port of the API server endpoints (443 on EKS), for the zone-aware bootstrap',
        }),
      })
      .meta({ description: 'NetworkPolicies of the servers and the bootstrap Job' }),
    pdb: z
      .strictObject({ enabled: z.boolean(), maxUnavailable: z.int().min(1) })
      .meta({ description: 'PodDisruptionBudget' }),
    zoneSpread: z
      .strictObject({ enabled: z.boolean() })
      .meta({ description: 'Zone (DoNotSchedule) and host (ScheduleAnyway) spread' }),
    nodeSelector: z.record(z.string(), z.string()).meta({ description: 'Node selector of the servers' }),
    priorityClassName: z.string().meta({ description: 'PriorityClass; empty for the cluster default' }),
    podSecurity: z
      .strictObject({
        runAsUser: z.int().min(1),
        runAsGroup: z.int().min(1),
        fsGroup: z.int().min(1),
      })
      .meta({ description: 'Non-root uid/gid of the image user' }),
    bootstrap: z
      .strictObject({
        timeoutSeconds: z.int().min(30).max(3600),
        backoffLimit: z.int().min(0).max(10),
        zones: z
          .strictObject({
            enabled: z.boolean().meta({
              description: "Put every replica in a zone other than its master's (reads zones from the API)",
            }),
            topologyKey: z
              .string()
              .regex(
                /^([a-z0-9.-]+\/)?[A-Za-z0-9][-A-Za-z0-9_.]*$/,
                'a label key such as topology.kubernetes.io/zone',
              )
              .meta({ description: 'The node label naming the zone' }),
          })
          .meta({ description: 'Zone-aware placement of replicas (docs/decisions.md#redis-replica-zones)' }),
      })
      .meta({ description: 'The cluster bootstrap Job (cluster mode)' }),
  })
  .meta({ title: 'charts/redis-cluster values' });
export type ChartValues = z.infer<typeof chartValues>;
