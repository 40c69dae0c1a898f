import type { Issue } from '@platform/errors';
import type { RenderedFleet } from '@platform/hydrate';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDefaultFleet } from './__fixtures__/default-fleet.ts';
import { admitFleetReport } from './index.ts';

let fleet: RenderedFleet;
let issues: Issue[];

// A real etcd + kube-apiserver per cluster, every rendered CRD applied, every object dry-run:
// about a minute and a half per cluster on two busy cores.
beforeAll(async () => {
  ({ fleet } = await renderDefaultFleet());
  ({ issues } = await admitFleetReport(fleet));
}, 1_800_000);

const lines = () => issues.map((i) => [i.cluster, i.component, i.object, i.path ?? '-'].join(' '));

describe('the default fleet dry-run against a real kube-apiserver', () => {
  it('admits every rendered object of every cluster', () => {
    expect(fleet.clusters.map((c) => c.cluster).sort()).toEqual([
      'agentic-dev-usw2',
      'agentic-dr-use1',
      'agentic-prod-usw2',
      'agentic-stg-usw2',
    ]);
    expect(lines()).toEqual([]);
  });
});
