import { renderUpstreamChart } from '@platform/chart-harness';
import { POD_IDENTITY_ROLES } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compute, loadDefaultFleet } from './__fixtures__/upstream-fleet.ts';
import { NAMESPACE } from './constants.ts';
import observability from './index.ts';

let r: ReturnType<typeof compute>;
beforeAll(async () => {
  r = compute(await loadDefaultFleet());
});

// docs/decisions.md#tempo-object-storage
describe('the rendered Tempo keeps its blocks on S3 through Pod Identity', () => {
  for (const cluster of ['agentic-prod-usw2', 'agentic-dr-use1']) {
    it(`${cluster}: s3 backend on the cluster's bucket, served by the tempo service account`, async () => {
      const u = observability.upstreamCharts.find((c) => c.id === 'tempo')!;
      const { targets, context } = r.byCluster[cluster]!;
      const objects = await renderUpstreamChart({
        chart: u.chart,
        version: u.version,
        releaseName: u.releaseName ?? u.id,
        namespace: NAMESPACE,
        values: targets.tempo as unknown as Record<string, unknown>,
        kubeVersion: context.cluster.kubernetesVersion,
        apiVersions: ['monitoring.coreos.com/v1'],
      });
      const cm = objects.find(
        (o) => o.manifest.kind === 'ConfigMap' && (o.manifest.data as Record<string, string>)['tempo.yaml'],
      )!.manifest as { data: Record<string, string> };
      const storage = (parse(cm.data['tempo.yaml']!) as { storage: { trace: Record<string, unknown> } })
        .storage.trace;
      expect(storage.backend).toBe('s3');
      expect(storage.local).toBeUndefined();
      expect(storage.s3).toEqual({
        bucket: `${cluster}-tempo-traces`,
        endpoint: `s3.${context.region.name}.amazonaws.com`,
        region: context.region.name,
      });
      const sts = objects.find((o) => o.manifest.kind === 'StatefulSet')!.manifest as {
        spec: { template: { spec: { serviceAccountName: string } } };
      };
      const role = POD_IDENTITY_ROLES.find((p) => p.role === 'tempo')!;
      expect([NAMESPACE, sts.spec.template.spec.serviceAccountName]).toEqual([
        role.namespace,
        role.serviceAccount,
      ]);
    });
  }
});
