import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { SourceIssue } from '../util/yaml-document.ts';

/** The kinds of inventory file: `fleet.yaml`, `environments/*.yaml`, `clusters/*.yaml`. */
export type InventoryKind = 'fleet' | 'environment' | 'cluster';

/** One inventory file's text, named the way issues will show it. */
export interface InventoryFile {
  kind: InventoryKind;
  /** Display path, e.g. `gitops/clusters/agentic-prod-usw2.yaml`. */
  file: string;
  /** File name without extension: must equal the environment or cluster name. */
  stem: string;
  text: string;
}

/** Where to find the inventory and how to name its files in issues. */
export interface ReadInventoryOptions {
  /** Paths in issues are relative to this; default: the parent of `dir`, so files read `gitops/...`. */
  root?: string;
}

const YAML_EXT = new Set(['.yaml', '.yml']);

/** The YAML files directly in `dir` (sorted), and those in its subfolders (paths, sorted). */
async function yamlFilesIn(dir: string): Promise<{ names: string[]; nested: string[] } | undefined> {
  try {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    const isYaml = (e: { isFile(): boolean; name: string }) => e.isFile() && YAML_EXT.has(extname(e.name));
    const names = entries
      .filter((e) => isYaml(e) && resolve(e.parentPath) === resolve(dir))
      .map((e) => e.name)
      .sort();
    const nested = entries
      .filter((e) => isYaml(e) && resolve(e.parentPath) !== resolve(dir))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    return { names, nested };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Reads `fleet.yaml`, `environments/*.yaml` and `clusters/*.yaml` (`.yml` too) under `dir`, in
 * name order. A missing `fleet.yaml` or `environments/` folder is an issue, not an exception;
 * unreadable files (permissions, I/O) throw.
 */
export async function readInventoryFiles(
  dir: string,
  options: ReadInventoryOptions = {},
): Promise<{ dir: string; files: InventoryFile[]; issues: SourceIssue[] }> {
  const abs = resolve(dir);
  const root = resolve(options.root ?? dirname(abs));
  const display = (p: string) => relative(root, p).split(sep).join('/');
  const files: InventoryFile[] = [];
  const issues: SourceIssue[] = [];

  const fleetPath = join(abs, 'fleet.yaml');
  try {
    files.push({
      kind: 'fleet',
      file: display(fleetPath),
      stem: 'fleet',
      text: await readFile(fleetPath, 'utf8'),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    issues.push({
      code: 'missing-file',
      file: display(fleetPath),
      message: 'the fleet settings file is missing',
      expected: 'fleet.yaml with gitops and regions',
      found: 'no file',
    });
  }
  for (const [kind, folder] of [
    ['environment', 'environments'],
    ['cluster', 'clusters'],
  ] as const) {
    const listing = await yamlFilesIn(join(abs, folder));
    if (listing === undefined) {
      if (kind === 'environment') {
        issues.push({
          code: 'missing-file',
          file: display(join(abs, folder)),
          message: 'the environments folder is missing',
          expected: 'environments/development.yaml, staging.yaml and production.yaml',
          found: 'no folder',
        });
      }
      continue;
    }
    // Files in subfolders are refused rather than silently ignored: a user who organises
    // clusters in folders would otherwise lose clusters without a word.
    for (const path of listing.nested) {
      issues.push({
        code: 'nested-inventory-file',
        file: display(path),
        message: `${kind} files are read only directly from ${display(join(abs, folder))}/, not from subfolders; this file would be ignored`,
        expected: `${display(join(abs, folder, basename(path)))}`,
        found: display(path),
        hint: `Move it to ${display(join(abs, folder))}/, or out of the inventory folder if it should not be deployed.`,
      });
    }
    for (const name of listing.names) {
      const path = join(abs, folder, name);
      files.push({
        kind,
        file: display(path),
        stem: basename(name, extname(name)),
        text: await readFile(path, 'utf8'),
      });
    }
  }
  return { dir: display(abs) || '.', files, issues };
}
