import type { LayerName, Values } from '../contract/component.ts';

/** Where one leaf value came from: the layer and the file or builder that set it. */
export interface LayerSource {
  layer: LayerName;
  /** Human-readable origin: `component cilium (environment production)` or `gitops/clusters/x.yaml`. */
  source: string;
  /** The value this layer set (recorded by the merge, so `--explain` can show the chain). */
  value?: unknown;
}

/**
 * Dotted leaf path -> the chain of sources that set it, lowest layer first; the last entry is the
 * one that won. Array values are leaves (arrays replace), addressed by the array's own path.
 */
export type ProvenanceMap = Map<string, LayerSource[]>;

/** The merged values of one target (upstream chart id or `chart`) with provenance. */
export interface TargetValues {
  values: Values;
  provenance: ProvenanceMap;
}
