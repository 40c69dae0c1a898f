import { z } from 'zod';

/**
 * Zod schemas of the fleet inventory in `gitops/` (docs/decisions.md#values-layers).
 * Every object is strict: an unknown key is an error (typos are caught). The JSON schemas in
 * `gitops/schemas/` are generated from these, so editors check the files as users type.
 */

export const ENVIRONMENT_NAMES = ['development', 'staging', 'production'] as const;
export const environmentName = z.enum(ENVIRONMENT_NAMES).meta({ description: 'Environment name' });
export type EnvironmentName = z.infer<typeof environmentName>;

export const clusterRole = z
  .enum(['primary', 'dr'])
  .meta({ description: 'primary serves traffic; dr is a scaled-down standby in another region' });
export type ClusterRole = z.infer<typeof clusterRole>;

/** DNS-1123 label used for cluster names. */
export const CLUSTER_NAME_PATTERN = /^[a-z][a-z0-9-]{2,62}$/;
export const COMPONENT_NAME_PATTERN = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

const labelMap = z.record(z.string(), z.string());

/** Overrides of one component's values at one layer: `values.<target>` is a partial overlay. */
export const componentOverride = z
  .strictObject({
    enabled: z.boolean().optional().meta({ description: 'Install this component (overrides its default)' }),
    values: z.record(z.string(), z.record(z.string(), z.unknown())).optional().meta({
      description:
        'Partial values per target: the upstream chart id (e.g. `cilium`) or `chart` for our chart. Deep-merged; arrays replace.',
    }),
  })
  .meta({ description: 'Toggle and value overrides of one component' });
export type ComponentOverride = z.infer<typeof componentOverride>;

export const componentOverrides = z
  .record(z.string().regex(COMPONENT_NAME_PATTERN), componentOverride)
  .meta({ description: 'Per-component toggles and overrides, keyed by component name' });
export type ComponentOverrides = z.infer<typeof componentOverrides>;

/**
 * An Argo CD sync window, applied to every Application of the cluster's project.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync_windows/
 */
export const syncWindow = z
  .strictObject({
    kind: z.enum(['allow', 'deny']),
    schedule: z
      .string()
      .regex(/^\S+( \S+){4}$/, 'a five-field cron expression such as "0 22 * * *"')
      .meta({ description: 'Cron schedule of the window start' }),
    duration: z
      .string()
      .regex(/^\d+[hm]$/, 'a duration such as 1h or 30m')
      .meta({ description: 'How long the window lasts' }),
    timeZone: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'IANA time zone of the schedule (default UTC)' }),
    manualSync: z
      .boolean()
      .optional()
      .meta({ description: 'Allow manual syncs inside a deny window (or outside an allow window)' }),
  })
  .meta({ description: 'An Argo CD sync window' });
export type SyncWindow = z.infer<typeof syncWindow>;

/** The environment profile: replicas, PDBs, spot use, GPU sharing and sync policy. */
export const environmentProfile = z
  .strictObject({
    name: environmentName,
    replicas: z.int().min(1).max(10).meta({ description: 'Replica count of HA workloads (1 / 2 / 3+)' }),
    pdb: z
      .strictObject({ enabled: z.boolean() })
      .meta({ description: 'PodDisruptionBudgets (off in development)' }),
    nodePools: z
      .strictObject({ minSize: z.int().min(0) })
      .meta({ description: 'Minimum size of node pools' }),
    retention: z
      .strictObject({
        prometheusDays: z.int().min(1).max(90),
        logsDays: z.int().min(7).max(365),
        tracesDays: z.int().min(1).max(30),
      })
      .meta({ description: 'Retention of metrics, logs and traces in days' }),
    spot: z
      .enum(['all', 'general-and-batch', 'batch-only'])
      .meta({ description: 'Which node pools may use spot capacity' }),
    gpu: z
      .strictObject({
        sharing: z.enum(['time-slicing', 'mig']),
        gpuType: z
          .string()
          .min(1)
          .meta({ description: 'GPU model, e.g. nvidia-tesla-t4, nvidia-a10g, nvidia-a100' }),
        replicasPerGpu: z.int().min(1).max(48).optional(),
        migStrategy: z.enum(['none', 'single', 'mixed']),
      })
      .meta({ description: 'GPU sharing' }),
    tlsIssuer: z
      .enum(['self-signed', 'letsencrypt-staging', 'letsencrypt-prod'])
      .meta({ description: 'Default ClusterIssuer' }),
    networkPolicy: z
      .enum(['permissive', 'baseline', 'strict'])
      .meta({ description: 'Network policy mode (strict: default-deny egress too)' }),
    quota: z
      .strictObject({
        mode: z.enum(['relaxed', 'standard', 'enforced']),
        multiplier: z.number().positive().max(10),
      })
      .meta({ description: 'Resource quota mode and multiplier of the base quotas' }),
    tracing: z
      .strictObject({
        samplingPercent: z.number().min(0).max(100),
        tailSampling: z.strictObject({
          enabled: z.boolean(),
          errors: z.boolean(),
          latencyThresholdMs: z.int().positive().optional(),
        }),
      })
      .meta({ description: 'Trace sampling (head %, plus tail sampling of errors and slow requests)' }),
    sync: z
      .strictObject({
        automated: z.boolean(),
        prune: z.boolean(),
        selfHeal: z.boolean(),
        windows: z.array(syncWindow).optional().meta({
          description:
            'Argo CD sync windows on every AppProject of the environment: stagger or freeze syncs so a fleet-wide commit does not sync every cluster at once (sync storms)',
        }),
      })
      .meta({
        description: 'Argo CD sync policy: automated in development and staging, manual in production',
      }),
    targetRevision: z.string().min(1).meta({ description: 'Git revision (branch) the environment tracks' }),
    components: componentOverrides.optional(),
  })
  .meta({ title: 'Environment', description: 'An environment profile (gitops/environments/<name>.yaml)' });
export type EnvironmentProfile = z.infer<typeof environmentProfile>;

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
/**
 * An IPv4 CIDR. Any string parses here so that the fleet rules report every bad range with
 * its reason (and overlaps across clusters); the pattern is for editors only.
 */
const cidr = z.string().meta({
  description: 'IPv4 CIDR, e.g. 10.0.0.0/16; unique across the whole fleet',
  pattern: `^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?[0-9])$`,
});

export const nodePool = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,30}$/)
      .meta({ description: 'Pool name; `system` runs the platform (min 3 nodes, 2 on a dr cluster)' }),
    instanceTypes: z
      .array(z.string().min(1))
      .min(1)
      .meta({ description: 'EC2 instance types, e.g. m6i.xlarge' }),
    minSize: z.int().min(0).meta({ description: 'Minimum node count (<= maxSize)' }),
    maxSize: z.int().min(1).meta({ description: 'Maximum node count' }),
    capacityType: z.enum(['on-demand', 'spot', 'mixed']).default('on-demand'),
  })
  .meta({ description: 'A managed node group' });
export type NodePool = z.infer<typeof nodePool>;

/** One or more PEM certificate blocks, nothing else (no private key, no stray text). */
const PEM_CERTIFICATES =
  /^\s*(-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*)+$/;

/**
 * A DNS name for a Cilium `toFQDNs` rule: exact, or with `*` wildcards inside labels
 * (`*.s3.us-west-2.amazonaws.com`, `bedrock-runtime.*.amazonaws.com`); two labels at least.
 */
export const EGRESS_FQDN_PATTERN = /^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?(\.[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?)+$/;
const fqdnPattern = z
  .string()
  .regex(
    EGRESS_FQDN_PATTERN,
    'a DNS name such as api.openai.com, optionally with * wildcards (*.openai.azure.com)',
  );

/**
 * An external endpoint some pods may reach in strict mode (docs/decisions.md#network-policy): one
 * CiliumClusterwideNetworkPolicy `egress-<name>` with `toFQDNs` (or `toCIDR`) for those pods only.
 * Components declare their own; the inventory adds the fleet's (LLM providers, for example).
 */
export const egressAllow = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,54}[a-z0-9])?$/, 'a DNS-1123 name of at most 56 characters')
      .meta({ description: 'Unique on the cluster; the policy is named egress-<name>' }),
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a namespace name')
      .meta({ description: 'Namespace of the pods that may call out' }),
    podLabels: labelMap
      .optional()
      .meta({ description: 'Only the pods with these labels (default: every pod of the namespace)' }),
    fqdns: z
      .array(fqdnPattern)
      .min(1)
      .optional()
      .meta({ description: 'DNS names they may reach (exact or with * wildcards)' }),
    cidrs: z
      .array(
        z
          .string()
          .regex(
            new RegExp(`^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?[0-9])$`),
            'an IPv4 CIDR such as 203.0.113.0/24',
          ),
      )
      .min(1)
      .optional()
      .meta({ description: 'IPv4 ranges they may reach' }),
    ports: z.array(z.int().min(1).max(65535)).min(1).meta({ description: 'TCP ports' }),
    purpose: z.string().min(1).meta({ description: 'Why, in words (the README lists it per cluster)' }),
  })
  .refine((e) => e.fqdns !== undefined || e.cidrs !== undefined, {
    message: 'an egress allow needs fqdns or cidrs',
  })
  .meta({ description: 'An external endpoint pods may reach in strict network-policy mode' });
export type EgressAllow = z.infer<typeof egressAllow>;

const egressList = z.array(egressAllow).optional().meta({
  description:
    'External endpoints pods may reach in strict mode, besides those the components declare (README of each cluster)',
});

export const region = z
  .strictObject({
    name: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region name such as us-west-2'),
    shortName: z
      .string()
      .regex(/^[a-z0-9]{3,8}$/)
      .meta({ description: 'Short form used in names, e.g. usw2' }),
    vaultAddress: z.url().meta({ description: 'Vault address serving this region (primary or replica)' }),
    vaultCaBundle: z
      .string()
      .regex(
        PEM_CERTIFICATES,
        'one or more PEM certificates (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)',
      )
      .optional()
      .meta({
        description:
          "PEM of the private CA that signed Vault's TLS certificate; the Vault ClusterSecretStore and the " +
          'vault-pki ClusterIssuer trust it. Omit when Vault has a publicly trusted certificate.',
      }),
    dnsZone: z.string().min(1).meta({ description: 'Route53 zone for DNS-01 and external names' }),
    egress: egressList,
    components: componentOverrides.optional(),
  })
  .meta({ title: 'Region' });
export type Region = z.infer<typeof region>;

export const cluster = z
  .strictObject({
    name: z
      .string()
      .regex(CLUSTER_NAME_PATTERN, 'must match ^[a-z][a-z0-9-]{2,62}$ (DNS-1123, 3-63 characters)'),
    environment: environmentName,
    region: z.string().min(1).meta({ description: 'AWS region; one of the regions in fleet.yaml' }),
    role: clusterRole.default('primary'),
    drActive: z.boolean().optional().meta({
      description:
        'Only on a role: dr cluster: true activates the standby, which then gets the production sizes of a primary (Karpenter pools and limits, controller replicas, redis-ha, Redis replicas); the system pool needs the primary floor too (docs/decisions.md#disaster-recovery)',
    }),
    clusterId: z
      .int()
      .min(1)
      .max(255)
      .optional()
      .meta({
        description:
          'Cilium cluster ID, unique within its ClusterMesh: 1-127 in ENI mode, 1-255 otherwise. ' +
          'Default: derived from the name (1-127); set it when two clusters collide.',
      }),
    clusterMesh: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
      .optional()
      .meta({
        description:
          'The group of clusters that may connect through Cilium ClusterMesh; cluster IDs must be ' +
          'unique within it (Cilium identifies a cluster by its ID across the mesh). ' +
          'Default: the whole fleet is one group.',
      }),
    kubernetesVersion: z
      .string()
      .regex(/^1\.\d+$/, 'a Kubernetes minor version such as "1.33"')
      .meta({ description: 'Kubernetes minor version (>= 1.28)' }),
    apiServerEndpoint: z
      .url()
      .meta({ description: 'API server endpoint (Cilium k8sServiceHost, Karpenter)' }),
    destination: z
      .strictObject({
        name: z.string().min(1).optional(),
        server: z.url(),
      })
      .meta({ description: 'Argo CD destination of this cluster' }),
    network: z.strictObject({
      vpcCidr: cidr,
      podCidr: cidr,
      serviceCidr: cidr,
      vpcId: z
        .string()
        .regex(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, 'an AWS VPC id such as vpc-0123456789abcdef0')
        .optional()
        .meta({
          description:
            "The cluster's VPC (the AWS Load Balancer Controller's vpcId); required when that component is enabled",
        }),
    }),
    aws: z
      .strictObject({
        accountId: z
          .string()
          .regex(/^\d{12}$/, 'a 12-digit AWS account ID')
          .meta({
            description:
              'AWS account of the cluster: the IAM roles of the EKS Pod Identity associations are arn:aws:iam::<accountId>:role/<cluster>-<role> (README "EKS prerequisites")',
          }),
      })
      .optional()
      .meta({ description: 'AWS identity of the cluster (EKS Pod Identity)' }),
    labels: labelMap.meta({
      description: 'Cluster labels; cost-center is required',
      required: ['cost-center'],
    }),
    nodePools: z.array(nodePool).min(1).meta({ description: 'Managed node groups (system pool first)' }),
    hub: z.boolean().optional().meta({
      description:
        'With argocd.topology hub: this is the management cluster whose Argo CD manages every cluster (exactly one)',
    }),
    egress: egressList,
    components: componentOverrides.optional(),
  })
  .meta({ title: 'Cluster', description: 'One cluster of the fleet (gitops/clusters/<name>.yaml)' });
export type Cluster = z.infer<typeof cluster>;
export type ClusterInput = z.input<typeof cluster>;

/** The in-cluster API server address, as Argo CD names the cluster it runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

export const ARGOCD_TOPOLOGIES = ['standalone', 'hub'] as const;
export const argocdTopology = z.enum(ARGOCD_TOPOLOGIES).meta({
  description:
    'standalone (default): every cluster runs its own Argo CD, which manages that cluster from Git (destination https://kubernetes.default.svc). hub: one Argo CD on the cluster marked `hub: true` manages every cluster, registered as cluster Secrets',
});
export type ArgocdTopology = z.infer<typeof argocdTopology>;

/** A group name of the identity provider (the `groups` claim of its ID tokens). */
const ssoGroup = z
  .string()
  .regex(/^[^\s,]+$/, 'a group name of the identity provider, without spaces or commas');

/**
 * Single sign-on of the fleet's Argo CD servers (docs/decisions.md#argocd-sso): an OIDC client at
 * the identity provider. The client secret is never here: an ExternalSecret reads it from Vault.
 */
export const argocdSso = z
  .strictObject({
    name: z.string().min(1).default('SSO').meta({ description: 'Label of the login button' }),
    issuer: z
      .url({ protocol: /^https$/ })
      .meta({ description: 'OIDC issuer URL of the identity provider (https)' }),
    clientId: z.string().min(1).meta({ description: 'OIDC client id registered for Argo CD' }),
    adminGroups: z
      .array(ssoGroup)
      .min(1)
      .meta({ description: 'Groups (the `groups` claim) that get role:admin' }),
    readonlyGroups: z.array(ssoGroup).default([]).meta({ description: 'Groups that get role:readonly' }),
  })
  .meta({
    description:
      'OIDC login on every Argo CD exposed through the Istio gateway; the client secret comes from Vault (platform/argocd/oidc, property clientSecret)',
  });
export type ArgocdSso = z.infer<typeof argocdSso>;

const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * Route53 failover of one environment's public name (docs/decisions.md#dns-failover): its primary
 * cluster publishes `host` as the PRIMARY failover record with the health check, its dr cluster
 * as SECONDARY, both through ExternalDNS into the shared `zone`.
 */
export const dnsFailover = z
  .strictObject({
    environment: environmentName,
    host: z
      .string()
      .regex(DNS_NAME, 'a DNS name such as api.example.com')
      .meta({ description: 'The failover name clients use, e.g. api.example.com (inside zone)' }),
    zone: z
      .string()
      .regex(DNS_NAME, 'a DNS zone such as example.com')
      .meta({ description: 'Public Route53 zone of the name, shared by the primary and DR regions' }),
    healthCheckId: z
      .string()
      .regex(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        'a Route53 health check id (a UUID)',
      )
      .meta({
        description:
          "Route53 health check of the primary (created outside: HTTPS 443, /healthz, failure threshold 3, interval 30s); Route53 answers with the DR cluster's record while it fails",
      }),
  })
  .meta({ description: 'Route53 failover of a public name between the primary and the DR cluster' });
export type DnsFailover = z.infer<typeof dnsFailover>;

/**
 * The AWS Cost and Usage Report the fleet's bills land in, queryable through Athena
 * (docs/decisions.md#cloud-costs): OpenCost reconciles its list-price estimates with it, reading
 * through Athena with its Pod Identity role. Created outside with the billing account.
 */
export const costAndUsageReport = z
  .strictObject({
    account: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .meta({ description: 'AWS account that owns the Athena database (the billing account)' }),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')
      .meta({ description: 'Region of the Athena workgroup and database' }),
    database: z
      .string()
      .regex(/^[a-z0-9_]{1,255}$/, 'an Athena database name (lower case, digits, _)')
      .meta({ description: 'Athena (Glue) database of the report' }),
    table: z
      .string()
      .regex(/^[a-z0-9_]{1,255}$/, 'an Athena table name (lower case, digits, _)')
      .meta({ description: 'Athena table of the report (CUR 2.0, hourly, with resource ids)' }),
    workgroup: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,128}$/, 'an Athena workgroup name')
      .meta({ description: 'Athena workgroup OpenCost queries in' }),
    resultsBucket: z
      .string()
      .regex(
        /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/([^\s]*\/)?$/,
        's3://<bucket>/ or s3://<bucket>/<prefix>/',
      )
      .meta({ description: 'Where Athena writes query results, s3://<bucket>/<prefix>/' }),
  })
  .meta({ description: 'AWS Cost and Usage Report in Athena, for actual (not list) prices' });
export type CostAndUsageReport = z.infer<typeof costAndUsageReport>;

export const fleetSettings = z
  .strictObject({
    gitops: z
      .strictObject({
        repoURL: z.string().min(1).meta({ description: 'URL Argo CD uses to read the GitOps repository' }),
        publishRepo: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'Where gen:gitops commits (path or URL); default .gitops-repo/' }),
        branchPerEnvironment: z.boolean().default(false),
        promotion: z
          .array(environmentName)
          .optional()
          .meta({
            description:
              'With branchPerEnvironment: the order changes move through the environments, first to last. ' +
              "gen:gitops publishes to the first environment's branch only; --promote <env> moves the tree " +
              "on from the previous environment's branch. Every environment exactly once. " +
              'Default: development, staging, production.',
          }),
      })
      .meta({ description: 'The GitOps repository Argo CD syncs' }),
    argocd: z
      .strictObject({
        namespace: z.string().default('argocd'),
        project: z.string().optional(),
        topology: argocdTopology.optional(),
        sso: argocdSso.optional(),
      })
      .default({ namespace: 'argocd' }),
    regions: z.array(region).min(1),
    dnsFailover: z
      .array(dnsFailover)
      .optional()
      .meta({ description: 'Route53 failover names, at most one per environment' }),
    costAndUsageReport: costAndUsageReport.optional(),
    egress: egressList,
    components: componentOverrides.optional(),
  })
  .meta({ title: 'Fleet', description: 'Fleet-wide settings (gitops/fleet.yaml)' });
export type FleetSettings = z.infer<typeof fleetSettings>;

/** The whole inventory, loaded and parsed. */
export interface Fleet {
  settings: FleetSettings;
  environments: Readonly<Record<EnvironmentName, EnvironmentProfile>>;
  clusters: readonly Cluster[];
  /** Source file of each object, for error messages: `cluster:<name>`, `environment:<name>`, `fleet`. */
  files: Readonly<Record<string, string>>;
}
