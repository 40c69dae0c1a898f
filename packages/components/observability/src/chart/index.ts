// OWNED BY the our-chart helper: replace this placeholder.
import type { ClusterContext, ComponentRule, LayeredValues } from '@platform/core';
import { z } from 'zod';

export const chartValues = z.strictObject({});
export function chartLayers(_ctx: ClusterContext): LayeredValues {
  return {};
}
export const chartRules: readonly ComponentRule[] = [];
/** The Alertmanager configuration (alertmanager.yml as an object) for a cluster. */
export function alertmanagerConfig(_ctx: ClusterContext): Record<string, unknown> {
  return {};
}
