import { describe, expect, it } from 'vitest';
import { addon, cluster, demo, fleet } from './__fixtures__/fleet.ts';
import { computeFleet } from './compute.ts';

describe('computeFleet', () => {
  it('merges component layers and inventory overrides, recording which layer set each leaf', () => {
    const f = fleet([
      cluster('prod-a', 'production', {
        components: { demo: { values: { demo: { image: { tag: 'v2' } } } } },
      }),
    ]);
    const { clusters, issues } = computeFleet(f, [demo, addon]);
    expect(issues).toEqual([]);
    const c = clusters[0]!.components.find((x) => x.definition.name === 'demo')!;
    expect(c.targets.demo?.values).toEqual({ replicas: 3, image: { tag: 'v2' } });
    expect(c.targets.demo?.provenance.get('replicas')?.map((s) => s.layer)).toEqual([
      'defaults',
      'environment',
    ]);
    expect(c.targets.demo?.provenance.get('image.tag')?.at(-1)).toEqual({
      layer: 'cluster',
      source: 'gitops/clusters/prod-a.yaml',
      value: 'v2',
    });
  });

  it('orders components by install wave from the dependency DAG', () => {
    const { clusters } = computeFleet(fleet([cluster('stg-a', 'staging')]), [addon, demo]);
    expect(clusters[0]!.components.map((c) => [c.definition.name, c.wave])).toEqual([
      ['demo', 0],
      ['addon', 1],
    ]);
  });

  it('applies enabledByDefault and inventory toggles', () => {
    const { clusters } = computeFleet(
      fleet([
        cluster('dev-a', 'development'),
        cluster('stg-a', 'staging', { components: { addon: { enabled: false } } }),
      ]),
      [demo, addon],
    );
    expect(clusters.map((c) => c.components.map((x) => x.definition.name))).toEqual([['demo'], ['demo']]);
  });

  it('fails on a typo in an override key, naming file, cluster, component and path, with a suggestion', () => {
    const f = fleet([
      cluster('prod-a', 'production', { components: { demo: { values: { demo: { replicaz: 2 } } } } }),
    ]);
    const { issues } = computeFleet(f, [demo]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'unknown-key',
        file: 'gitops/clusters/prod-a.yaml',
        cluster: 'prod-a',
        component: 'demo',
        path: 'demo.replicaz',
        found: '"replicaz"',
        hint: 'Did you mean "replicas"?',
      }),
    ]);
  });

  it('fails on a value of the wrong type with what was found', () => {
    const f = fleet([
      cluster('prod-a', 'production', { components: { demo: { values: { demo: { replicas: 'three' } } } } }),
    ]);
    const { issues } = computeFleet(f, [demo]);
    expect(issues[0]).toMatchObject({
      code: 'wrong-type',
      path: 'demo.replicas',
      expected: 'a number',
      found: 'string "three"',
      file: 'gitops/clusters/prod-a.yaml',
    });
  });

  it('fails on an unknown component and an unknown values target, with suggestions', () => {
    const f = fleet([
      cluster('prod-a', 'production', {
        components: { dmeo: { enabled: true }, demo: { values: { demoo: {} } } },
      }),
    ]);
    const { issues } = computeFleet(f, [demo]);
    expect(issues.map((i) => [i.code, i.hint])).toEqual([
      ['unknown-component', 'Did you mean "demo"?'],
      ['unknown-target', 'Did you mean "demo"?'],
    ]);
  });

  it('reports an unknown component once where it is written, even in a region without clusters', () => {
    const f = fleet([cluster('prod-a', 'production'), cluster('prod-b', 'production')], {
      components: { dmeo: { enabled: true } },
      regions: [
        {
          name: 'us-west-2',
          shortName: 'usw2',
          vaultAddress: 'https://vault.example.com',
          dnsZone: 'example.com',
        },
        {
          name: 'eu-west-1',
          shortName: 'euw1',
          vaultAddress: 'https://vault.example.com',
          dnsZone: 'eu.example.com',
          components: { demoo: { enabled: false } },
        },
      ],
    });
    const { issues } = computeFleet(f, [demo]);
    expect(issues.map((i) => [i.code, i.path, i.hint])).toEqual([
      ['unknown-component', 'components.dmeo', 'Did you mean "demo"?'],
      ['unknown-component', 'regions[1].components.demoo', 'Did you mean "demo"?'],
    ]);
  });

  it('fails on a secret-looking literal in values', () => {
    const f = fleet([
      cluster('prod-a', 'production', {
        components: {
          demo: { values: { demo: { auth: { existingSecret: 'x', password: 'correct-horse' } } } },
        },
      }),
    ]);
    const { issues } = computeFleet(f, [demo]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'secret-literal',
        path: 'demo.auth.password',
        file: 'gitops/clusters/prod-a.yaml',
      }),
    ]);
  });

  it('runs the cross-field rules on the merged values', () => {
    const f = fleet([
      cluster('prod-a', 'production', {
        components: { demo: { values: { demo: { relay: { enabled: true, replicas: 5 } } } } },
      }),
    ]);
    const { issues } = computeFleet(f, [demo]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'rule:relay-replicas',
        path: 'demo.relay.replicas',
        expected: '<= 3',
        found: '5',
      }),
    ]);
  });

  it('fails when an enabled component depends on a disabled one', () => {
    const f = fleet([cluster('stg-a', 'staging', { components: { demo: { enabled: false } } })]);
    const { issues } = computeFleet(f, [demo, addon]);
    expect(issues[0]).toMatchObject({ code: 'missing-dependency', component: 'addon', cluster: 'stg-a' });
  });

  it('fails on a dependency cycle between components', () => {
    const a = { ...demo, name: 'a', dependsOn: ['b'] };
    const b = { ...demo, name: 'b', dependsOn: ['a'] };
    const { issues } = computeFleet(fleet([]), [a, b]);
    expect(issues[0]).toMatchObject({ code: 'dependency-cycle', message: 'dependency cycle: a -> b -> a' });
  });

  it('gives each cluster the other clusters of its environment, whatever the run selects', () => {
    const region = (name: string, shortName: string) => ({
      name,
      shortName,
      vaultAddress: 'https://vault.example.com',
      dnsZone: `${shortName}.example.com`,
    });
    const f = fleet(
      [
        cluster('prod-b', 'production', { region: 'us-east-1', role: 'dr' }),
        cluster('prod-a', 'production'),
        cluster('stg-a', 'staging'),
      ],
      { regions: [region('us-west-2', 'usw2'), region('us-east-1', 'use1')] },
    );
    const peers = (only?: { clusters: string[] }) =>
      Object.fromEntries(
        computeFleet(f, [demo], only).clusters.map((c) => [
          c.context.cluster.name,
          c.context.environmentPeers,
        ]),
      );
    expect(peers()).toEqual({
      'prod-a': [{ name: 'prod-b', region: 'us-east-1', role: 'dr' }],
      'prod-b': [{ name: 'prod-a', region: 'us-west-2', role: 'primary' }],
      'stg-a': [],
    });
    expect(peers({ clusters: ['prod-a'] })).toEqual({
      'prod-a': [{ name: 'prod-b', region: 'us-east-1', role: 'dr' }],
    });
  });
});
