import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TmpFleet, tmpFleet, toHub } from './__fixtures__/tmp-fleet.ts';

const FLEET = 'gitops/fleet.yaml';
const DEV = 'gitops/clusters/agentic-dev-usw2.yaml';
const STG = 'gitops/clusters/agentic-stg-usw2.yaml';
const PROD = 'gitops/clusters/agentic-prod-usw2.yaml';

describe('Argo CD topology of the inventory', () => {
  let t: TmpFleet;
  beforeEach(async () => {
    t = await tmpFleet();
  });
  afterEach(() => t.cleanup());

  it('accepts the default standalone fleet and its hub variant', async () => {
    expect(await t.issues()).toEqual([]);
    await toHub(t);
    expect(await t.issues()).toEqual([]);
  });

  it('fails standalone with a remote destination, naming file and field', async () => {
    await t.edit('clusters/agentic-stg-usw2.yaml', (doc) =>
      doc.setIn(['destination', 'server'], 'https://agentic-stg-usw2.gr7.us-west-2.eks.amazonaws.com'),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'argocd-topology',
        file: STG,
        path: 'destination.server',
        expected: '"https://kubernetes.default.svc"',
        found: '"https://agentic-stg-usw2.gr7.us-west-2.eks.amazonaws.com"',
      }),
    ]);
  });

  it('fails a hub: true cluster in a standalone fleet', async () => {
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => doc.set('hub', true));
    expect(await t.issues()).toEqual([
      expect.objectContaining({ code: 'argocd-topology', file: DEV, path: 'hub' }),
    ]);
  });

  it('fails hub mode without a hub cluster', async () => {
    await toHub(t);
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => doc.delete('hub'));
    const issues = await t.issues();
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'argocd-topology',
        file: FLEET,
        path: 'argocd.topology',
        found: 'none',
      }),
    );
  });

  it('fails two hubs, naming the second file and the first hub', async () => {
    await toHub(t);
    await t.edit('clusters/agentic-stg-usw2.yaml', (doc) => {
      doc.set('hub', true);
      doc.setIn(['destination', 'server'], 'https://kubernetes.default.svc');
    });
    const issues = await t.issues();
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'argocd-topology',
        file: STG,
        path: 'hub',
        message: expect.stringContaining(
          'agentic-dev-usw2 (gitops/clusters/agentic-dev-usw2.yaml) is already the hub',
        ),
      }),
    ]);
  });

  it('fails a spoke whose destination is the hub itself', async () => {
    await toHub(t);
    await t.edit('clusters/agentic-prod-usw2.yaml', (doc) =>
      doc.setIn(['destination', 'server'], 'https://agentic-dev-usw2.gr7.us-west-2.eks.amazonaws.com'),
    );
    await t.edit('clusters/agentic-stg-usw2.yaml', (doc) =>
      doc.setIn(['destination', 'server'], 'https://kubernetes.default.svc'),
    );
    const issues = (await t.issues()).filter((i) => i.code === 'argocd-topology');
    expect(issues).toEqual([
      expect.objectContaining({
        file: PROD,
        path: 'destination.server',
        message: expect.stringContaining('the hub agentic-dev-usw2 itself'),
      }),
      expect.objectContaining({
        file: STG,
        path: 'destination.server',
        found: '"https://kubernetes.default.svc"',
      }),
    ]);
  });

  it('fails a sync window whose schedule is not cron, naming the environment file and field', async () => {
    await t.edit('environments/production.yaml', (doc) =>
      doc.setIn(['sync', 'windows'], [{ kind: 'deny', schedule: 'weekdays', duration: '10h' }]),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        file: 'gitops/environments/production.yaml',
        path: 'sync.windows[0].schedule',
      }),
    ]);
  });
});
