import { failoverRecordOf, type ParsedTargets, type TypedComponentRule } from '@platform/core';
import type { Targets } from './schema.ts';

const v = (values: ParsedTargets<Targets>) => values['external-dns'];

export const externalDnsRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'txt-owner-is-the-cluster',
    description:
      'the TXT owner id is the cluster name, so two clusters never take over the records of another',
    check: (values, ctx) =>
      v(values).txtOwnerId === ctx.cluster.name
        ? undefined
        : [
            {
              path: 'external-dns.txtOwnerId',
              expected: JSON.stringify(ctx.cluster.name),
              found: JSON.stringify(v(values).txtOwnerId),
            },
          ],
  },
  {
    id: 'upsert-only-in-production',
    description: 'production never deletes DNS records',
    check: (values, ctx) =>
      ctx.environment.name === 'production' && v(values).policy !== 'upsert-only'
        ? [
            {
              path: 'external-dns.policy',
              expected: '"upsert-only" in production',
              found: JSON.stringify(v(values).policy),
            },
          ]
        : undefined,
  },
  {
    id: 'domains-in-the-region-zone',
    description:
      "the domain filters stay inside the region's zone (never another region's records), or are the zone of the environment's failover name",
    check: (values, ctx) => {
      const zone = ctx.region.dnsZone;
      const failover = failoverRecordOf(ctx.fleet, ctx.cluster)?.zone;
      return v(values).domainFilters.flatMap((d, i) =>
        d === zone || d.endsWith(`.${zone}`) || d === failover
          ? []
          : [
              {
                path: `external-dns.domainFilters.${i}`,
                expected: `${zone} or a subdomain of it${failover ? `, or the failover zone ${failover}` : ''}`,
                found: d,
              },
            ],
      );
    },
  },
  {
    id: 'istio-sources-need-istio',
    description: 'the istio-* sources watch Istio resources: istio must be enabled on the cluster',
    check: (values, ctx) =>
      v(values).sources.some((s) => s.startsWith('istio-')) && !ctx.enabledComponents.has('istio')
        ? [
            {
              path: 'external-dns.sources',
              expected: 'istio enabled on the cluster for the istio-* sources',
              found: `${v(values).sources.join(', ')} without istio`,
              hint: 'Enable istio on this cluster or disable external-dns.',
            },
          ]
        : undefined,
  },
];
