import { DNS1123_LABEL_PATTERN, resourceRequirements } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values the GPU component sets on its two upstream charts (only the keys
 * we set; names checked against each chart's values.yaml): `nvidia-device-plugin` 0.20.0 and
 * `dcgm-exporter` 4.8.2.
 * @see https://github.com/NVIDIA/k8s-device-plugin/blob/main/deployments/helm/nvidia-device-plugin/values.yaml
 * @see https://github.com/NVIDIA/dcgm-exporter/blob/main/deployment/values.yaml
 */

export const toleration = z.strictObject({
  key: z.string().min(1),
  operator: z.enum(['Equal', 'Exists']),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
});
export type Toleration = z.infer<typeof toleration>;

/** Required node affinity: one term, the GPU node label of Karpenter's GPU pools. */
export const gpuNodeAffinity = z
  .strictObject({
    nodeAffinity: z.strictObject({
      requiredDuringSchedulingIgnoredDuringExecution: z.strictObject({
        nodeSelectorTerms: z
          .array(
            z.strictObject({
              matchExpressions: z
                .array(
                  z.strictObject({
                    key: z.string().min(1),
                    operator: z.enum(['Exists', 'In']),
                    values: z.array(z.string()).optional(),
                  }),
                )
                .min(1),
            }),
          )
          .length(1),
      }),
    }),
  })
  .meta({ description: "Only GPU nodes: those labelled by Karpenter's GPU NodePools" });
export type GpuNodeAffinity = z.infer<typeof gpuNodeAffinity>;

const configKey = z
  .string()
  .regex(
    /^(time-slicing-x\d+|mig-(none|single|mixed))$/,
    'a key of the device plugin ConfigMap, e.g. time-slicing-x2',
  );

/** Values of the upstream chart `nvidia-device-plugin` (0.20.0). */
export const devicePluginValues = z
  .strictObject({
    config: z
      .strictObject({
        name: z
          .string()
          .regex(DNS1123_LABEL_PATTERN)
          .meta({ description: 'The ConfigMap the karpenter component renders (not created by this chart)' }),
        default: configKey.meta({
          description:
            "Entry used on a node without the nvidia.com/device-plugin.config label: the environment's sharing",
        }),
      })
      .meta({ description: 'Device plugin configuration per node, selected by the node label' }),
    affinity: gpuNodeAffinity,
    tolerations: z.array(toleration).min(1).meta({ description: 'The taints of the GPU NodePools' }),
    resources: resourceRequirements,
  })
  .meta({ title: 'nvidia-device-plugin chart values (as set by the platform)' });
export type DevicePluginValues = z.infer<typeof devicePluginValues>;

/** Values of the upstream chart `dcgm-exporter` (4.8.2, DCGM 4.5.3). */
export const dcgmExporterValues = z
  .strictObject({
    affinity: gpuNodeAffinity,
    tolerations: z.array(toleration).min(1).meta({ description: 'The taints of the GPU NodePools' }),
    resources: resourceRequirements,
    serviceMonitor: z.strictObject({
      enabled: z.literal(true).meta({ description: 'The GPU alerts and dashboard read these metrics' }),
      interval: z.string().regex(/^\d+(s|m)$/, 'a scrape interval such as 30s'),
      honorLabels: z.boolean(),
    }),
  })
  .meta({ title: 'dcgm-exporter chart values (as set by the platform)' });
export type DcgmExporterValues = z.infer<typeof dcgmExporterValues>;

/** The component's values targets with their schemas: the upstream `nvidia-device-plugin` and `dcgm-exporter` charts. */
export type Targets = {
  'nvidia-device-plugin': typeof devicePluginValues;
  'dcgm-exporter': typeof dcgmExporterValues;
};
