export {
  DCGM_EXPORTER_CHART_VERSION,
  DEVICE_PLUGIN_CHART_VERSION,
  gpu,
  gpu as default,
} from './component.ts';
export { gpuRules } from './rules.ts';
export {
  type DcgmExporterValues,
  type DevicePluginValues,
  dcgmExporterValues,
  devicePluginValues,
  gpuNodeAffinity,
} from './schema.ts';
export {
  DEVICE_PLUGIN_CONFIG_LABEL,
  DEVICE_PLUGIN_CONFIGMAP,
  devicePluginConfigKey,
  GPU_NODE_AFFINITY,
  gpuLayers,
  gpuTolerations,
  NAMESPACE,
} from './values.ts';
