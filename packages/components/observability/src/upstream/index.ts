// OWNED BY the upstream-values helper: replace this placeholder.
import type { ClusterContext, ComponentRule, LayeredValues, UpstreamChart } from '@platform/core';

export const UPSTREAM_CHARTS: readonly UpstreamChart[] = [];
export function upstreamLayers(_ctx: ClusterContext): LayeredValues {
  return {};
}
export const upstreamRules: readonly ComponentRule[] = [];
