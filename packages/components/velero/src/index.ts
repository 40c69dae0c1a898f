export { VELERO_CHART_VERSION, velero, velero as default } from './component.ts';
export { IRSA_ANNOTATION, veleroRules } from './rules.ts';
export { awsPluginImage, s3BucketName, type VeleroValues, veleroValues } from './schema.ts';
export { AWS_PLUGIN_IMAGE, backupBucket, NAMESPACE, SERVICE_ACCOUNT, veleroLayers } from './values.ts';
