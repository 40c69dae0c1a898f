import type { ClusterContext } from '@platform/core';
import { s3Endpoint, thanosBucket } from './constants.ts';

/** Another cluster's Thanos bucket that this cluster's Query reads through a Store Gateway. */
export interface RemoteBucket {
  cluster: string;
  bucket: string;
  region: string;
  endpoint: string;
}

/**
 * The global view (docs/decisions.md#thanos-global-view): each primary cluster reads the bucket of
 * every other cluster of its environment (the DR standby's, another region's primary), so its
 * Query answers for every region from S3, without a network between the clusters. A DR cluster
 * reads only its own bucket. Values and egress both come from here, so they cannot disagree.
 */
export function remoteBuckets(ctx: Pick<ClusterContext, 'cluster' | 'environmentPeers'>): RemoteBucket[] {
  if (ctx.cluster.role !== 'primary') return [];
  return (ctx.environmentPeers ?? []).map((p) => ({
    cluster: p.name,
    bucket: thanosBucket(p.name),
    region: p.region,
    endpoint: s3Endpoint(p.region),
  }));
}
