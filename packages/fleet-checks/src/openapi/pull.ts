import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiCacheDir } from '../workspace.ts';
import { extractSpec } from './extract.ts';
import { KUBERNETES_OPENAPI_RELEASES, kubeMinor } from './releases.ts';

export const KUBERNETES_MODULE = 'k8s.io/kubernetes';

/** The file the checks read for one release. */
export function specFile(release: string, cacheDir: string = openApiCacheDir()): string {
  return join(cacheDir, release, 'openapi.json');
}

export interface PullOpenApiOptions {
  /** Kubernetes minor versions (`1.33`); every pinned minor when empty. */
  minors?: readonly string[];
  cacheDir?: string;
  /** The go binary (`GO_BIN`, else `go` on PATH). */
  goBin?: string;
  /** Re-extract even when the cache already has the release. */
  force?: boolean;
}

export interface PulledSpec {
  minor: string;
  release: string;
  file: string;
  /** False when the cache already had it. */
  pulled: boolean;
}

/**
 * Puts the OpenAPI v3 documents of the pinned Kubernetes release of each minor into the cache:
 * `go mod download` fetches the `k8s.io/kubernetes` module (from the Go module proxy, checked
 * against the checksum database), and only the schemas and resource scopes are kept.
 */
export function pullOpenApi(options: PullOpenApiOptions = {}): PulledSpec[] {
  const cacheDir = options.cacheDir ?? openApiCacheDir();
  const minors = options.minors?.length ? options.minors : Object.keys(KUBERNETES_OPENAPI_RELEASES);
  const goBin = options.goBin ?? process.env.GO_BIN ?? 'go';
  return [...new Set(minors.map(kubeMinor))].sort().map((minor) => {
    const release = KUBERNETES_OPENAPI_RELEASES[minor];
    if (release === undefined) {
      throw new Error(
        `no Kubernetes OpenAPI release is pinned for Kubernetes ${minor}; pinned: ` +
          `${Object.keys(KUBERNETES_OPENAPI_RELEASES).join(', ')} ` +
          '(add it to KUBERNETES_OPENAPI_RELEASES in packages/fleet-checks/src/openapi/releases.ts)',
      );
    }
    const file = specFile(release, cacheDir);
    if (existsSync(file) && !options.force) return { minor, release, file, pulled: false };
    const { dir, sum } = downloadModule(goBin, release);
    const spec = extractSpec(join(dir, 'api', 'openapi-spec', 'v3'), release, sum);
    mkdirSync(join(cacheDir, release), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, `${JSON.stringify(spec)}\n`);
    renameSync(partial, file);
    return { minor, release, file, pulled: true };
  });
}

function downloadModule(goBin: string, release: string): { dir: string; sum: string } {
  let out: string;
  try {
    out = execFileSync(goBin, ['mod', 'download', '-json', `${KUBERNETES_MODULE}@${release}`], {
      cwd: tmpdir(),
      encoding: 'utf8',
      env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
      maxBuffer: 16 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const detail = (error as { stdout?: string; stderr?: string; message: string }).stdout || '';
    throw new Error(
      `could not download ${KUBERNETES_MODULE}@${release} with '${goBin} mod download' ` +
        `(needs Go and the Go module proxy, GOPROXY): ${detail.trim() || (error as Error).message}`,
      { cause: error },
    );
  }
  const info = JSON.parse(out) as { Dir?: string; Sum?: string; Error?: string };
  if (info.Error || !info.Dir) {
    throw new Error(
      `could not download ${KUBERNETES_MODULE}@${release}: ${info.Error ?? 'no directory reported'}`,
    );
  }
  return { dir: info.Dir, sum: info.Sum ?? '' };
}
