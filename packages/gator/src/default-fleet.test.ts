import type { Issue } from '@platform/errors';
import type { RenderedFleet } from '@platform/hydrate';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDefaultFleet } from '../../kube-apiserver/src/__fixtures__/default-fleet.ts';
import { gatorFleet } from './index.ts';

let fleet: RenderedFleet;
let all: Issue[];

beforeAll(async () => {
  ({ fleet } = await renderDefaultFleet());
  all = await gatorFleet(fleet, { actions: ['deny', 'warn', 'dryrun'] });
}, 1_800_000);

describe('the default fleet against its own Gatekeeper constraints, with the real gator', () => {
  it('violates none of them, whatever their enforcement action', () => {
    expect(fleet.clusters).toHaveLength(4);
    expect(all.map((i) => `${i.cluster} ${i.component} ${i.object}: ${i.message}`)).toEqual([]);
  });
});
