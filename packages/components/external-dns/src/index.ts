export { EXTERNAL_DNS_CHART_VERSION, externalDns as default, externalDns } from './component.ts';
export { externalDnsRules } from './rules.ts';
export { type ExternalDnsValues, externalDnsValues, SOURCES } from './schema.ts';
export { externalDnsLayers, NAMESPACE, SERVICE_ACCOUNT } from './values.ts';
