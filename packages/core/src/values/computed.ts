import type { ComponentDefinition } from '../contract/component.ts';
import type { ClusterContext } from '../contract/context.ts';
import type { TargetValues } from './provenance.ts';

/** One enabled component on one cluster, with validated values per target. */
export interface ComputedComponent {
  definition: ComponentDefinition;
  /** Keyed by upstream chart id, plus `chart` for our own chart when the component has one. */
  targets: Record<string, TargetValues>;
  /** Install wave from the dependency DAG: 0 for components with no dependency. */
  wave: number;
}

/** The validated result of the values pipeline for one cluster: the emitter's input. */
export interface ComputedCluster {
  context: ClusterContext;
  /** Enabled components in install order (by wave, then by name). */
  components: ComputedComponent[];
}
