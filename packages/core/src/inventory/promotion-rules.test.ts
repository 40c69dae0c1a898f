import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TmpFleet, tmpFleet } from './__fixtures__/tmp-fleet.ts';
import { promotionOrder } from './branches.ts';

const FLEET = 'gitops/fleet.yaml';

describe('gitops.promotion', () => {
  let t: TmpFleet;
  beforeEach(async () => {
    t = await tmpFleet();
  });
  afterEach(() => t.cleanup());

  it('defaults to development, staging, production and accepts another complete order', async () => {
    expect(promotionOrder((await t.load()).settings)).toEqual(['development', 'staging', 'production']);
    await t.edit('fleet.yaml', (doc) =>
      doc.setIn(['gitops', 'promotion'], ['staging', 'development', 'production']),
    );
    expect(promotionOrder((await t.load()).settings)).toEqual(['staging', 'development', 'production']);
  });

  it('refuses an unknown environment, naming file and field', async () => {
    await t.edit('fleet.yaml', (doc) =>
      doc.setIn(['gitops', 'promotion'], ['development', 'qa', 'production']),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        file: FLEET,
        path: 'gitops.promotion[1]',
        found: expect.stringContaining('qa'),
      }),
    ]);
  });

  it('refuses an environment listed twice, naming file and field', async () => {
    await t.edit('fleet.yaml', (doc) =>
      doc.setIn(['gitops', 'promotion'], ['development', 'staging', 'staging', 'production']),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'promotion-order',
        file: FLEET,
        path: 'gitops.promotion[2]',
        found: '"staging"',
      }),
    ]);
  });

  it('refuses an order that leaves an environment out, naming it', async () => {
    await t.edit('fleet.yaml', (doc) => doc.setIn(['gitops', 'promotion'], ['development', 'production']));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'promotion-order',
        file: FLEET,
        path: 'gitops.promotion',
        message: expect.stringContaining('leaves out staging'),
        found: '["development","production"]',
      }),
    ]);
  });
});
