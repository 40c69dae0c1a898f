export { redisCluster, redisCluster as default } from './component.ts';
export { MAXMEMORY_SHARE, memoryMiB, redisRules } from './rules.ts';
export { type ChartValues, chartValues, STORAGE_CLASSES } from './schema.ts';
export { ENVIRONMENT_SHAPES, hasTlsIssuer, NAMESPACE, redisLayers, TLS_ISSUER } from './values.ts';
export { EXPORTER_IMAGE, SERVER_IMAGE, SERVER_VERSION } from './versions.ts';
