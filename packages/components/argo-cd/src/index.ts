export { argoCd, argoCd as default } from './component.ts';
export { APPLICATION_HEALTH_LUA, CONSTRAINT_TEMPLATE_HEALTH_LUA, healthCustomizations } from './health.ts';
export {
  CATALOG_CONDITIONS,
  COLORS,
  notifiers,
  OUT_OF_SYNC_FOR_AN_HOUR,
  referencedSecretKeys,
  subscriptions,
  templates,
  triggers,
} from './notifications.ts';
export { argoCdRules, durationSeconds, NOTIFICATIONS_SECRET, sentTemplates } from './rules.ts';
export {
  type ArgoCdValues,
  argoCdValues,
  type ChartValues,
  chartValues,
  type Subscription,
} from './schema.ts';
export {
  argoCdLayers,
  CLUSTERS_PER_SHARD,
  controllerShards,
  DR_REPLICAS,
  INGRESS_GATEWAY,
  NAMESPACE,
  NOTIFICATIONS_VAULT_KEY,
  OCI_REPOSITORIES,
  OIDC_SECRET,
  OIDC_VAULT_KEY,
  oidcConfig,
  PRODUCTION_MINIMUMS,
  replicasFor,
  SERVER_SERVICE,
  SYSTEM_POOL_TOLERATIONS,
  ssoRbac,
} from './values.ts';
