import { resourceRequirements, workloadLabels } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schema of the values we set on the upstream `external-dns` chart (1.21.1, its
 * values.yaml and values.schema.json).
 */

/** The sources we allow: the Istio Gateways the istio component renders (and their VirtualServices). */
export const SOURCES = ['istio-gateway', 'istio-virtualservice'] as const;

const dnsName = z
  .string()
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, 'a DNS zone name such as us-west-2.example.com');

export const externalDnsValues = z
  .strictObject({
    commonLabels: workloadLabels.meta({
      description: 'Labels on every object: the labels Gatekeeper requires on workloads',
    }),
    provider: z.strictObject({ name: z.literal('aws') }),
    env: z
      .array(z.strictObject({ name: z.enum(['AWS_DEFAULT_REGION']), value: z.string().min(1) }))
      .meta({ description: "The AWS SDK's region (credentials come from EKS Pod Identity)" }),
    extraArgs: z
      .array(z.enum(['--aws-zone-type=public', '--aws-zone-type=private']))
      .meta({ description: 'Which Route53 zones of that name to write (the gateway is internet-facing)' }),
    sources: z.array(z.enum(SOURCES)).min(1),
    policy: z
      .enum(['sync', 'upsert-only', 'create-only'])
      .meta({ description: 'sync deletes records; upsert-only (production) never deletes' }),
    registry: z.literal('txt'),
    txtOwnerId: z.string().min(1).meta({
      description: 'Owner of the records: the cluster name, so two clusters never fight over a record',
    }),
    domainFilters: z
      .array(dnsName)
      .min(1)
      .meta({ description: "The region's Route53 zone, and the zone of the environment's failover name" }),
    excludeDomains: z.array(dnsName).optional().meta({
      description:
        "The other regions' zones below the failover zone: a domain filter matches the subzones of a zone too",
    }),
    interval: z.string().regex(/^\d+(s|m)$/),
    resources: resourceRequirements,
    serviceAccount: z.strictObject({
      create: z.literal(true),
      name: z.literal('external-dns').meta({
        description:
          'Fixed: the EKS Pod Identity association (created outside the cluster) names this ServiceAccount',
      }),
    }),
    serviceMonitor: z.strictObject({ enabled: z.boolean() }),
  })
  .meta({ title: 'external-dns upstream chart values (the keys we set)' });
export type ExternalDnsValues = z.infer<typeof externalDnsValues>;

/** The component's values targets with their schemas: the upstream `external-dns` chart. */
export type Targets = { 'external-dns': typeof externalDnsValues };
