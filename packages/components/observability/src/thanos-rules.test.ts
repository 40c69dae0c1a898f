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
});
