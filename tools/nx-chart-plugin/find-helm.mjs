// @ts-check
/**
 * Locates the Helm 4 binary the same way the chart harness does: $HELM_BIN, then
 * `<workspace>/.tools/bin/helm` (linked by scripts/setup.sh), then `helm` on PATH, then
 * `$(go env GOPATH)/bin/helm`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function isHelm4(bin) {
  const res = spawnSync(bin, ['version', '--short'], { encoding: 'utf8' });
  return res.status === 0 && /^v4\./.test(res.stdout.trim());
}

export function findHelm() {
  const candidates = [];
  if (process.env.HELM_BIN) candidates.push(process.env.HELM_BIN);
  candidates.push(join(workspaceRoot, '.tools', 'bin', 'helm'), 'helm');
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim();
    candidates.push(join(gopath, 'bin', 'helm'));
  } catch {
    // no go on PATH: fine, the setup script links helm into .tools/bin
  }
  for (const c of candidates) {
    if ((c === 'helm' || existsSync(c)) && isHelm4(c)) return c;
  }
  throw new Error(
    `Helm 4 not found (looked at ${candidates.join(', ')}). Run "bash scripts/setup.sh" to install the pinned release.`,
  );
}

// `node tools/nx-chart-plugin/find-helm.mjs --version` prints the version of the helm the tests
// will use (or "none"): an nx runtime input, so cached renders are redone under another helm.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--version') {
  let version = 'none';
  try {
    version = spawnSync(findHelm(), ['version', '--short'], { encoding: 'utf8' }).stdout.trim();
  } catch {
    // no Helm 4: the targets fail on their own with the setup hint
  }
  process.stdout.write(`${version}\n`);
}
