export { argoCd, argoCd as default } from './component.ts';
export { notifiers, subscriptions, templates, triggers } from './notifications.ts';
export { argoCdRules } from './rules.ts';
export { type ArgoCdValues, argoCdValues, type ChartValues, chartValues } from './schema.ts';
export { APPLICATION_HEALTH_LUA, argoCdLayers, NAMESPACE } from './values.ts';
