import { existsSync } from 'node:fs';
import { PlatformError } from '@platform/errors';
import { renderChart } from './render-chart.ts';

/** A packaged upstream chart the tests need is not in the chart cache. */
export class ChartNotPulledError extends PlatformError {
  constructor(readonly tgz: string) {
    super(
      `${tgz} is not in the chart cache: run "pnpm charts:pull" (with --mirror <url or dir> on an offline machine) and run the tests again`,
    );
  }
}

/** Settings for {@link upstreamCrds}. */
export interface UpstreamCrdOptions {
  /** Values the chart needs to render at all (some charts refuse to render without them). */
  values?: Record<string, unknown>;
  /** Release namespace (`--namespace`). */
  namespace?: string;
  /** Kubernetes version helm renders for (`--kube-version`). */
  kubeVersion?: string;
  /** helm binary; found with `locateHelm` when omitted. */
  helmBin?: string;
}

/**
 * The CustomResourceDefinitions an upstream chart installs, rendered from its packaged `.tgz`
 * (normally `<repo>/.cache/charts/<chart>-<version>.tgz`, filled by `pnpm charts:pull`) with the
 * real `helm template --include-crds`, as Argo CD renders it: CRDs shipped in `crds/` and CRDs
 * templated behind values (Argo CD's, Istio's) both come out. Throws {@link ChartNotPulledError}
 * when the package is missing, so a test that needs it fails with the command to run.
 */
export async function upstreamCrds(
  tgz: string,
  options: UpstreamCrdOptions = {},
): Promise<Record<string, unknown>[]> {
  if (!existsSync(tgz)) throw new ChartNotPulledError(tgz);
  const objects = await renderChart(
    tgz,
    {
      name: 'crds',
      values: options.values ?? {},
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      ...(options.kubeVersion === undefined ? {} : { kubeVersion: options.kubeVersion }),
    },
    { includeCrds: true, ...(options.helmBin === undefined ? {} : { helmBin: options.helmBin }) },
  );
  return objects.map((o) => o.manifest).filter((m) => m.kind === 'CustomResourceDefinition');
}
