import { PlatformError } from '@platform/errors';

/** The Kubernetes OpenAPI schemas the checks need are not in the local cache. */
export class OpenApiCacheMissingError extends PlatformError {}
