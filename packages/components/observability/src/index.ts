export * from './chart/index.ts';
export { observability, observability as default } from './component.ts';
export * from './constants.ts';
export * from './upstream/index.ts';
