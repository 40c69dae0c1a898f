import type { Fleet, Values } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet, withOverride } from './__fixtures__/chart-fleet.ts';

/** The Thanos rules of the generator: what a values override can make inconsistent (docs/decisions.md#thanos-history). */

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});

type Issue = ReturnType<typeof compute>['issues'][number];
const issuesFor = (cluster: string, override: Record<string, Values>, f: Fleet = fleet): Issue[] =>
  compute(withOverride(f, cluster, override)).issues.filter((i) => i.cluster === cluster);
const thanos = (values: Record<string, unknown>): Record<string, Values> => ({
  chart: { thanos: values as Values },
});
const brief = (issues: Issue[]) => issues.map((i) => [i.code, i.path]);

const euBucket = {
  enabled: true,
  bucket: 'agentic-prod-euw1-thanos-metrics',
  region: 'eu-west-1',
  endpoint: 's3.eu-west-1.amazonaws.com',
};

describe('the generator refuses inconsistent Thanos values, naming the path', () => {
  it('computes the default fleet without a Thanos issue', () => {
    expect(compute(fleet).issues.filter((i) => i.code.startsWith('rule:thanos'))).toEqual([]);
  });

  it('refuses raw retention of 40h or less and 5m retention of 10 days or less, which are deleted before being downsampled', () => {
    const issues = issuesFor(
      'agentic-dev-usw2',
      thanos({ compactor: { retention: { raw: '40h', '5m': '10d' } } }),
    );
    expect(brief(issues)).toEqual([
      ['rule:thanos-retention-downsampling', 'chart.thanos.compactor.retention.raw'],
      ['rule:thanos-retention-downsampling', 'chart.thanos.compactor.retention["5m"]'],
    ]);
    expect(issues[0]).toMatchObject({
      expected: 'longer than 40h (Thanos downsamples raw blocks to 5m once they span 40 hours)',
      found: '"40h": raw blocks are deleted before they are downsampled',
    });
    expect(
      issuesFor('agentic-dev-usw2', thanos({ compactor: { retention: { raw: '41h', '5m': '11d' } } })),
    ).toEqual([]);
  });

  it('refuses a coarser resolution kept shorter than a finer one, and 5m or 1h history without downsampling', () => {
    expect(
      brief(issuesFor('agentic-dev-usw2', thanos({ compactor: { retention: { '1h': '90d' } } }))),
    ).toEqual([['rule:thanos-retention-downsampling', 'chart.thanos.compactor.retention']]);
    const off = issuesFor('agentic-dev-usw2', thanos({ compactor: { downsampling: false } }));
    expect(brief(off)).toEqual([
      ['rule:thanos-retention-downsampling', 'chart.thanos.compactor.downsampling'],
    ]);
    expect(off[0]!.found).toContain('no 5m or 1h block is ever made');
    expect(
      issuesFor(
        'agentic-dev-usw2',
        thanos({ compactor: { downsampling: false, retention: { raw: '90d', '5m': '90d', '1h': '90d' } } }),
      ),
    ).toEqual([]);
  });

  it('refuses a Compactor and Store Gateway on a bucket the sidecars do not upload to', () => {
    const issues = issuesFor('agentic-dev-usw2', {
      'kube-prometheus-stack': {
        prometheus: {
          prometheusSpec: { thanos: { objectStorageConfigFile: '/etc/thanos/other/objstore.yaml' } },
        },
      },
    });
    expect(brief(issues)).toEqual([
      [
        'rule:thanos-bucket-of-the-sidecars',
        'kube-prometheus-stack.prometheus.prometheusSpec.thanos.objectStorageConfigFile',
      ],
    ]);
    expect(issues[0]!.expected).toContain('bucket agentic-dev-usw2-thanos-metrics');
    expect(
      issuesFor('agentic-dev-usw2', {
        'kube-prometheus-stack': {
          prometheus: {
            prometheusSpec: { thanos: { objectStorageConfigFile: '/etc/thanos/other/objstore.yaml' } },
          },
        },
        ...thanos({ compactor: { enabled: false }, storeGateway: { enabled: false } }),
      }),
    ).toEqual([]);
  });

  it('refuses a Store Gateway without the Query that reads it', () => {
    expect(brief(issuesFor('agentic-dev-usw2', thanos({ query: { enabled: false } })))).toEqual([
      ['rule:thanos-store-queried', 'chart.thanos.query.enabled'],
    ]);
  });

  it("refuses a remote bucket that is the cluster's own or read twice, and a Store Gateway name over 52 characters", () => {
    const own = {
      enabled: true,
      bucket: 'agentic-prod-usw2-thanos-metrics',
      region: 'us-west-2',
      endpoint: 's3.us-west-2.amazonaws.com',
    };
    const long = 'a'.repeat(40);
    const issues = issuesFor(
      'agentic-prod-usw2',
      thanos({
        storeGateway: {
          remoteBuckets: {
            'agentic-prod-usw2': own,
            'agentic-dr-use1-copy': {
              enabled: true,
              bucket: 'agentic-dr-use1-thanos-metrics',
              region: 'us-east-1',
              endpoint: 's3.us-east-1.amazonaws.com',
            },
            [long]: { ...own, bucket: 'agentic-other-thanos-metrics' },
          },
        },
      }),
    );
    expect(brief(issues)).toEqual([
      ['rule:thanos-remote-buckets', 'chart.thanos.storeGateway.remoteBuckets.agentic-prod-usw2.bucket'],
      ['rule:thanos-remote-buckets', 'chart.thanos.storeGateway.remoteBuckets.agentic-dr-use1-copy.bucket'],
      ['rule:thanos-remote-buckets', `chart.thanos.storeGateway.remoteBuckets.${long}`],
    ]);
    expect(issues.map((i) => i.expected)).toEqual([
      'a bucket not read elsewhere (chart.thanos.objectStorage reads agentic-prod-usw2-thanos-metrics)',
      'a bucket not read elsewhere (chart.thanos.storeGateway.remoteBuckets.agentic-dr-use1 reads agentic-dr-use1-thanos-metrics)',
      'a Store Gateway name <storeGateway.name>-<cluster> of at most 52 characters',
    ]);
  });

  it('refuses a remote bucket in a region the egress of the cluster does not allow, until the inventory declares one', () => {
    const override = thanos({ storeGateway: { remoteBuckets: { 'agentic-prod-euw1': euBucket } } });
    const issues = issuesFor('agentic-prod-usw2', override);
    expect(brief(issues)).toEqual([
      [
        'rule:thanos-remote-bucket-egress',
        'chart.thanos.storeGateway.remoteBuckets.agentic-prod-euw1.endpoint',
      ],
    ]);
    expect(issues[0]!.expected).toContain(
      'to agentic-prod-euw1-thanos-metrics.s3.eu-west-1.amazonaws.com:443',
    );
    const declared: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-prod-usw2'
          ? {
              ...c,
              egress: [
                {
                  name: 'thanos-store-euw1-s3',
                  namespace: 'monitoring',
                  podLabels: { 'thanos-bucket-region': 'eu-west-1' },
                  fqdns: ['s3.eu-west-1.amazonaws.com', '*.s3.eu-west-1.amazonaws.com'],
                  ports: [443],
                  purpose: 'Thanos Store Gateways reading the EU buckets',
                },
              ],
            }
          : c,
      ),
    };
    expect(issuesFor('agentic-prod-usw2', override, declared)).toEqual([]);
  });
});
