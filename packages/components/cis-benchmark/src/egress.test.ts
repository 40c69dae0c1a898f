import { describe, expect, it } from 'vitest';
import { computed, loadDefaultFleet } from './__fixtures__/fleet.ts';
import cisBenchmark, {
  registryHost,
  TRIVY_CHECKS_BUNDLE_REPOSITORY,
  TRIVY_DB_EGRESS,
  TRIVY_DB_REPOSITORIES,
  TRIVY_JAVA_DB_REPOSITORIES,
} from './index.ts';

describe('cis-benchmark egress in strict network-policy mode', () => {
  it("lets only trivy's pods reach the registries of its databases and their blob hosts, on 443", async () => {
    const [cluster] = computed(await loadDefaultFleet());
    expect(cisBenchmark.egress!(cluster!.context)).toEqual([
      {
        name: TRIVY_DB_EGRESS,
        namespace: 'cis-benchmark',
        podLabels: { 'app.kubernetes.io/name': 'trivy' },
        fqdns: [
          'mirror.gcr.io',
          'googlecode.l.googleusercontent.com',
          'ghcr.io',
          'pkg-containers.githubusercontent.com',
        ],
        ports: [443],
        purpose: 'trivy vulnerability DB, Java DB and checks bundle (mirror.gcr.io, ghcr.io)',
      },
    ]);
  });

  it('covers the registry of every default trivy database repository', () => {
    const fqdns = cisBenchmark.egress!({} as never)[0]!.fqdns!;
    for (const repo of [
      ...TRIVY_DB_REPOSITORIES,
      ...TRIVY_JAVA_DB_REPOSITORIES,
      TRIVY_CHECKS_BUNDLE_REPOSITORY,
    ])
      expect(fqdns, repo).toContain(registryHost(repo));
    expect(registryHost('registry.internal.example.com:5000/mirror/trivy-db:2')).toBe(
      'registry.internal.example.com',
    );
  });

  it('is in the egress list of every cluster (what strict mode lets out), declared by the component', async () => {
    for (const cc of computed(await loadDefaultFleet())) {
      const allow = cc.context.egress?.find((e) => e.name === TRIVY_DB_EGRESS);
      expect(allow, cc.context.cluster.name).toMatchObject({
        namespace: 'cis-benchmark',
        source: 'component cis-benchmark',
      });
    }
  });
});
