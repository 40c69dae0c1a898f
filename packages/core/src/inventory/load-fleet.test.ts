import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITOPS, fixture, renameCluster, type TmpFleet, tmpFleet } from './__fixtures__/tmp-fleet.ts';
import { loadFleet } from './load-fleet.ts';

describe('loadFleet: the default fleet', () => {
  it('loads gitops/ with zero issues', async () => {
    const fleet = await loadFleet(DEFAULT_GITOPS);
    expect(fleet.clusters.map((c) => c.name)).toEqual([
      'agentic-dev-usw2',
      'agentic-dr-use1',
      'agentic-prod-usw2',
      'agentic-stg-usw2',
    ]);
    expect(Object.keys(fleet.environments).sort()).toEqual(['development', 'production', 'staging']);
    expect(fleet.settings.regions.map((r) => r.shortName)).toEqual(['usw2', 'use1', 'euw1']);
    expect(fleet.files['cluster:agentic-prod-usw2']).toBe('gitops/clusters/agentic-prod-usw2.yaml');
    expect(fleet.files['environment:production']).toBe('gitops/environments/production.yaml');
    expect(fleet.files.fleet).toBe('gitops/fleet.yaml');
  });

  it('models the scaled-down DR standby and the production CIDRs', async () => {
    const fleet = await loadFleet(DEFAULT_GITOPS);
    const dr = fleet.clusters.find((c) => c.name === 'agentic-dr-use1');
    expect(dr).toMatchObject({ role: 'dr', environment: 'production', region: 'us-east-1' });
    expect(dr?.nodePools[0]).toMatchObject({ name: 'system', minSize: 2, maxSize: 3 });
    const prod = fleet.clusters.find((c) => c.name === 'agentic-prod-usw2');
    expect(prod?.network).toEqual({
      vpcCidr: '10.0.0.0/16',
      podCidr: '10.1.0.0/16',
      serviceCidr: '10.2.0.0/16',
      vpcId: 'vpc-0123456789abcdef0',
    });
    expect(fleet.environments.production.sync.automated).toBe(false);
  });
});

describe('loadFleet: bad input', () => {
  let t: TmpFleet;
  beforeEach(async () => {
    t = await tmpFleet();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('accepts a fifth cluster copied from another (staging, eu-west-1)', async () => {
    await t.copy('clusters/agentic-stg-usw2.yaml', 'clusters/agentic-stg-euw1.yaml', (doc) =>
      renameCluster(doc, 'agentic-stg-euw1', 'eu-west-1', 64),
    );
    const fleet = await t.load();
    expect(fleet.clusters).toHaveLength(5);
    expect(fleet.clusters.find((c) => c.name === 'agentic-stg-euw1')).toMatchObject({
      environment: 'staging',
      region: 'eu-west-1',
      role: 'primary',
    });
  });

  it('reports malformed YAML with file, line and column', async () => {
    await t.write('clusters/agentic-dev-usw2.yaml', await fixture('malformed-cluster.yaml'));
    const issues = await t.issues();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'yaml-syntax',
      file: 'gitops/clusters/agentic-dev-usw2.yaml',
      cluster: 'agentic-dev-usw2',
      line: 9,
      column: 5,
    });
    expect(issues[0]?.message).toMatch(/^malformed YAML at line 9, column 5: Flow sequence/);
  });

  it('reports a duplicate YAML key as a syntax error', async () => {
    const text = await t.read('environments/staging.yaml');
    await t.write('environments/staging.yaml', `${text}replicas: 4\n`);
    const [issue] = await t.issues();
    expect(issue).toMatchObject({ code: 'yaml-syntax', file: 'gitops/environments/staging.yaml' });
    expect(issue?.message).toContain('unique');
  });

  it('reports an unknown top-level key with the accepted keys', async () => {
    await t.edit('clusters/agentic-prod-usw2.yaml', (doc) => doc.set('owner', 'team-a'));
    const issues = await t.issues();
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'unknown-key',
        file: 'gitops/clusters/agentic-prod-usw2.yaml',
        cluster: 'agentic-prod-usw2',
        path: 'owner',
        found: '"owner"',
        expected: expect.stringContaining('one of name, environment, region, role'),
        line: expect.any(Number),
      }),
    ]);
    expect(issues[0]?.hint).toBeUndefined();
  });

  it('suggests the closest key for a typo', async () => {
    await t.edit('clusters/agentic-prod-usw2.yaml', (doc) => {
      doc.deleteIn(['nodePools', 0, 'minSize']);
      doc.setIn(['nodePools', 0, 'minSise'], 3);
    });
    const issues = await t.issues();
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'unknown-key',
        cluster: 'agentic-prod-usw2',
        path: 'nodePools[0].minSise',
        hint: 'Did you mean "minSize"?',
        expected: 'one of name, instanceTypes, minSize, maxSize, capacityType',
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'missing-key', path: 'nodePools[0].minSize', expected: 'a number' }),
    );
  });

  it('suggests the closest key for a typo in fleet.yaml', async () => {
    await t.edit('fleet.yaml', (doc) => doc.setIn(['regions', 1, 'dnsZon'], 'x.example.com'));
    const issues = await t.issues();
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'unknown-key',
        file: 'gitops/fleet.yaml',
        path: 'regions[1].dnsZon',
        hint: 'Did you mean "dnsZone"?',
      }),
    );
  });

  it('reports a wrong type with what was expected and found', async () => {
    await t.edit('environments/staging.yaml', (doc) => doc.set('replicas', 'three'));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'wrong-type',
        file: 'gitops/environments/staging.yaml',
        path: 'replicas',
        expected: 'a number',
        found: 'string "three"',
      }),
    ]);
  });

  it('explains an unquoted Kubernetes version', async () => {
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => doc.set('kubernetesVersion', 1.3));
    const [issue] = await t.issues();
    expect(issue).toMatchObject({
      code: 'wrong-type',
      cluster: 'agentic-dev-usw2',
      path: 'kubernetesVersion',
      found: 'number 1.3',
    });
    expect(issue?.hint).toContain('quotes');
  });

  it('reports an invalid enum value with a suggestion', async () => {
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => doc.set('environment', 'developmnet'));
    expect(await t.issues()).toContainEqual(
      expect.objectContaining({
        code: 'invalid-value',
        cluster: 'agentic-dev-usw2',
        path: 'environment',
        expected: 'one of "development", "staging", "production"',
        hint: 'Did you mean "development"?',
      }),
    );
  });

  it('rejects a bad cluster name', async () => {
    await t.copy('clusters/agentic-dev-usw2.yaml', 'clusters/Agentic_Dev.yaml', (doc) =>
      renameCluster(doc, 'Agentic_Dev', 'eu-west-1', 64),
    );
    await t.remove('clusters/agentic-dev-usw2.yaml');
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'invalid-format',
        file: 'gitops/clusters/Agentic_Dev.yaml',
        cluster: 'Agentic_Dev',
        path: 'name',
        found: '"Agentic_Dev"',
        expected: 'a string matching /^[a-z][a-z0-9-]{2,62}$/',
      }),
    ]);
  });

  it('requires a cluster file name to equal the cluster name', async () => {
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) =>
      renameCluster(doc, 'agentic-dev2-usw2', 'us-west-2', 16),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'file-name-mismatch',
        file: 'gitops/clusters/agentic-dev-usw2.yaml',
        cluster: 'agentic-dev2-usw2',
        path: 'name',
        expected: '"agentic-dev-usw2"',
        found: '"agentic-dev2-usw2"',
      }),
    ]);
  });

  it('requires an environment file name to equal its name', async () => {
    await t.copy('environments/staging.yaml', 'environments/stage.yaml');
    await t.remove('environments/staging.yaml');
    const issues = await t.issues();
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'file-name-mismatch',
        file: 'gitops/environments/stage.yaml',
        path: 'name',
        expected: '"stage"',
        found: '"staging"',
      }),
    ]);
  });

  it('reports a missing environment file', async () => {
    await t.remove('environments/production.yaml');
    expect(await t.issues()).toEqual([
      expect.objectContaining({ code: 'missing-environment', file: 'gitops/environments/production.yaml' }),
    ]);
  });

  it('reports a missing fleet.yaml', async () => {
    await t.remove('fleet.yaml');
    expect(await t.issues()).toEqual([
      expect.objectContaining({ code: 'missing-file', file: 'gitops/fleet.yaml' }),
    ]);
  });

  it('reports problems of every file at once, parse errors and rule violations together', async () => {
    await t.write('clusters/agentic-dev-usw2.yaml', await fixture('malformed-cluster.yaml'));
    await t.edit('environments/staging.yaml', (doc) => doc.set('replicaz', 2));
    await t.edit('clusters/agentic-prod-usw2.yaml', (doc) => doc.set('kubernetesVersion', '1.27'));
    const issues = await t.issues();
    expect(issues.map((i) => [i.code, i.file])).toEqual([
      ['unknown-key', 'gitops/environments/staging.yaml'],
      ['yaml-syntax', 'gitops/clusters/agentic-dev-usw2.yaml'],
      ['kubernetes-version-unsupported', 'gitops/clusters/agentic-prod-usw2.yaml'],
    ]);
  });
});

describe('loadFleet: files in subfolders', () => {
  it('refuses a cluster file in a subfolder of clusters/, naming its path', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpFleet } = await import('./__fixtures__/tmp-fleet.ts');
    const t = await tmpFleet();
    try {
      await mkdir(join(t.dir, 'clusters/eu/old'), { recursive: true });
      await writeFile(join(t.dir, 'clusters/eu/old/x.yml'), 'name: x\n');
      await writeFile(join(t.dir, 'clusters/eu/README.md'), 'notes\n');
      expect(await t.issues()).toEqual([
        expect.objectContaining({ code: 'nested-inventory-file', file: 'gitops/clusters/eu/old/x.yml' }),
      ]);
    } finally {
      await t.cleanup();
    }
  });
});
