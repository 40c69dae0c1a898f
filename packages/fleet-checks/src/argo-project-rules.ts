/**
 * Argo CD's AppProject rules (v3), re-stated: which repositories, destinations and kinds a
 * project permits. Patterns are globs (`*`, `?`, `[...]`, `{a,b}`, `**`); a leading `!` denies.
 */

export interface Destination {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface GroupKindItem {
  group: string;
  kind: string;
  /** Argo CD v3: an optional resource name pattern (cluster-scoped lists). */
  name?: string;
}

export interface AppProjectSpec {
  sourceRepos?: string[];
  destinations?: Destination[];
  clusterResourceWhitelist?: GroupKindItem[];
  clusterResourceBlacklist?: GroupKindItem[];
  namespaceResourceWhitelist?: GroupKindItem[];
  namespaceResourceBlacklist?: GroupKindItem[];
}

const cache = new Map<string, RegExp>();

/**
 * A glob as Argo CD compiles it (gobwas/glob): with a separator, `*` and `?` stop at it and `**`
 * crosses it; without one, `*` matches anything.
 */
export function globToRegExp(pattern: string, separator?: string): RegExp {
  const key = `${separator ?? ''}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const sep = separator ? escapeRegExp(separator) : '';
  const any = sep ? `[^${sep}]` : '[\\s\\S]';
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i]!);
    } else if (ch === '*') {
      if (pattern[i + 1] === '*') {
        out += '[\\s\\S]*';
        i++;
      } else out += `${any}*`;
    } else if (ch === '?') out += any;
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        const negate = body.startsWith('!');
        if (negate) body = body.slice(1);
        out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = end;
      }
    } else if (ch === '{') {
      out += '(?:';
      depth++;
    } else if (ch === '}' && depth > 0) {
      out += ')';
      depth--;
    } else if (ch === ',' && depth > 0) out += '|';
    else out += escapeRegExp(ch);
  }
  const re = new RegExp(`^${out}$`);
  cache.set(key, re);
  return re;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function isDeny(pattern: string | undefined): boolean {
  return pattern?.startsWith('!') ?? false;
}

/** Argo CD's globMatch: `!pattern` matches what the pattern does not; `*` matches everything. */
export function globMatch(pattern: string | undefined, value: string, separator?: string): boolean {
  const p = pattern ?? '';
  if (isDeny(p)) return !globToRegExp(p.slice(1), separator).test(value);
  if (p === '*') return true;
  return globToRegExp(p, separator).test(value);
}

/** Argo CD's NormalizeGitURL: lower case, no `.git` suffix, scp-style SSH URLs as `ssh://` paths. */
export function normalizeRepoURL(url: string): string {
  let repo = url.trim().toLowerCase();
  const scp = /^[\w.-]+@[\w.-]+:(?!\/\/)/.test(repo);
  if (scp && !repo.startsWith('ssh://')) repo = `ssh://${repo.replace(':', '/')}`;
  if (repo.endsWith('.git')) repo = repo.slice(0, -4);
  return repo.replace(/^ssh:\/\//, '');
}

/** IsSourcePermitted: some pattern matches and no deny pattern excludes the repository. */
export function isSourcePermitted(project: AppProjectSpec, repoURL: string): boolean {
  const src = normalizeRepoURL(repoURL);
  let matched = false;
  for (const repo of project.sourceRepos ?? []) {
    const pattern = isDeny(repo) ? `!${normalizeRepoURL(repo.slice(1))}` : normalizeRepoURL(repo);
    if (globMatch(pattern, src, '/')) matched = true;
    else if (isDeny(pattern)) return false;
  }
  return matched;
}

/** The project's sourceRepos entry that permits a repository (for unused-entry reports). */
export function sourceRepoEntryFor(project: AppProjectSpec, repoURL: string): string | undefined {
  const src = normalizeRepoURL(repoURL);
  return (project.sourceRepos ?? []).find(
    (repo) => !isDeny(repo) && globMatch(normalizeRepoURL(repo), src, '/'),
  );
}

/** isDestinationMatched: server (or name) and namespace match an entry, and no deny entry excludes it. */
export function isDestinationPermitted(project: AppProjectSpec, dst: Destination): boolean {
  let any = false;
  let noDeny = true;
  for (const item of project.destinations ?? []) {
    const nameMatched = !!dst.name && globMatch(item.name, dst.name);
    const serverMatched = !!dst.server && globMatch(item.server, dst.server);
    const nsMatched = globMatch(item.namespace, dst.namespace ?? '');
    if ((serverMatched || nameMatched) && nsMatched) any = true;
    else if (
      (!nameMatched && isDeny(item.name)) ||
      (!serverMatched && isDeny(item.server)) ||
      (!nsMatched && isDeny(item.namespace))
    )
      noDeny = false;
  }
  return any && noDeny;
}

function inList(list: readonly GroupKindItem[], group: string, kind: string, name?: string): boolean {
  return list.some(
    (item) =>
      globMatch(item.kind, kind) &&
      globMatch(item.group, group) &&
      (item.name === undefined || item.name === '' || name === undefined || globMatch(item.name, name, '/')),
  );
}

/**
 * IsGroupKindPermitted: a namespaced kind is allowed when the whitelist is absent or lists it; a
 * cluster-scoped kind only when the whitelist lists it; a blacklist entry always wins.
 */
export function isKindPermitted(
  project: AppProjectSpec,
  group: string,
  kind: string,
  namespaced: boolean,
  name?: string,
): boolean {
  if (namespaced) {
    const white = project.namespaceResourceWhitelist;
    const whitelisted = white === undefined || (white.length > 0 && inList(white, group, kind, name));
    return whitelisted && !inList(project.namespaceResourceBlacklist ?? [], group, kind, name);
  }
  const white = project.clusterResourceWhitelist ?? [];
  return (
    inList(white, group, kind, name) && !inList(project.clusterResourceBlacklist ?? [], group, kind, name)
  );
}
