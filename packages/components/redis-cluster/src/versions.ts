/**
 * Image pins of the redis-cluster chart: exact patch releases, never `latest`.
 *
 * Server: Valkey, the BSD-3-Clause fork of Redis 7.2 maintained by the Linux Foundation.
 * Redis 7.4 and later are RSALv2/SSPLv1 (Redis 8 adds AGPLv3), and the last BSD line, Redis
 * 7.2, is past its end of maintenance (docs/decisions.md#redis-topology), so a current, patched, BSD server is Valkey.
 * 8.1 is the newest line that keeps the Redis 7.x cluster behaviour the tests exercise
 * (9.x adds atomic slot migration and databases in cluster mode, which we do not use).
 * @see https://github.com/valkey-io/valkey-container/blob/mainline/versions.json
 * @see https://github.com/oliver006/redis_exporter/releases
 */
export const SERVER_IMAGE = { repository: 'docker.io/valkey/valkey', tag: '8.1.8-alpine' } as const;

/** Server version; also the chart's `appVersion`. */
export const SERVER_VERSION = '8.1.8';

/** Prometheus exporter sidecar (MIT), which supports Valkey and Redis. */
export const EXPORTER_IMAGE = { repository: 'docker.io/oliver006/redis_exporter', tag: 'v1.91.1' } as const;
