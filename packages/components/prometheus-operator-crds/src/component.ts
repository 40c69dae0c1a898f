import { type ComponentDefinition, defineComponent, type TypedLayeredValues } from '@platform/core';
import { z } from 'zod';

/** prometheus-operator-crds 31.0.1 = Prometheus Operator v0.93.1, the operator of kube-prometheus-stack 88.5.3. */
export const CRDS_CHART_VERSION = '31.0.1';
export const OPERATOR_VERSION = 'v0.93.1';

/** Every CRD the chart can install; all are on (the chart's default), stated so a typo is caught. */
export const CRD_NAMES = [
  'alertmanagerconfigs',
  'alertmanagers',
  'podmonitors',
  'probes',
  'prometheusagents',
  'prometheuses',
  'prometheusrules',
  'scrapeconfigs',
  'servicemonitors',
  'thanosrulers',
] as const;

const toggle = z.strictObject({ enabled: z.boolean() });

/** Values of the upstream chart `prometheus-operator-crds` (only the keys we set). */
export const crdsValues = z
  .strictObject({
    crds: z
      .strictObject(
        Object.fromEntries(CRD_NAMES.map((n) => [n, toggle])) as Record<
          (typeof CRD_NAMES)[number],
          typeof toggle
        >,
      )
      .meta({ description: 'Which CRDs are installed (all: kube-prometheus-stack and our charts use them)' }),
  })
  .meta({ title: 'prometheus-operator-crds chart values (as set by the platform)' });
export type CrdsValues = z.infer<typeof crdsValues>;
/** The component's values targets with their schemas: the upstream `prometheus-operator-crds` chart. */
export type Targets = { 'prometheus-operator-crds': typeof crdsValues };

function crdsLayers(): TypedLayeredValues<Targets> {
  // A layer may set any subset of the CRDs, so the map built from CRD_NAMES needs no cast; the
  // strict schema still requires every one of them once the layers are merged.
  const crds = Object.fromEntries<{ enabled: boolean }>(CRD_NAMES.map((n) => [n, { enabled: true }]));
  return { defaults: { 'prometheus-operator-crds': { crds } } };
}

/**
 * The Prometheus Operator CRDs as a component of their own, in the first install wave. Cilium,
 * cert-manager, External Secrets, Karpenter, Argo CD, Redis, observability and OpenCost ship
 * ServiceMonitors or PrometheusRules: without the CRDs on a new cluster their sync fails (Cilium's
 * chart even refuses to render without `monitoring.coreos.com/v1`), and with Progressive Syncs a
 * failing early wave would block the observability component that used to bring them. This is
 * the GitOps pattern of the chart itself ("allowing for seamless integration with GitOps tools");
 * kube-prometheus-stack then runs with `crds.enabled: false`.
 */
export const prometheusOperatorCrds: ComponentDefinition = defineComponent({
  name: 'prometheus-operator-crds',
  // CRDs are cluster-scoped; the Application needs a namespace that always exists.
  namespace: 'kube-system',
  description: `Prometheus Operator ${OPERATOR_VERSION} CRDs, before every component that ships monitoring objects`,
  upstreamCharts: [
    {
      id: 'prometheus-operator-crds',
      repoURL: 'https://prometheus-community.github.io/helm-charts',
      chart: 'prometheus-operator-crds',
      version: CRDS_CHART_VERSION,
      valuesSchema: crdsValues,
    },
  ],
  dependsOn: [],
  enabledByDefault: () => true,
  values: crdsLayers,
  rules: [],
  // The CRDs are too large for client-side apply's annotation; pruning them would delete every
  // ServiceMonitor and PrometheusRule of the cluster.
  sync: { serverSideApply: true, disablePrune: true },
  resources: {
    cluster: [{ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' }],
    namespaced: [],
  },
});
