/**
 * Whether git would treat `target` as a remote repository rather than a local path, by git's
 * own rules: a URL of any transport (`ssh://`, `git://`, `http(s)://`, `ftp(s)://`, `file://`,
 * `git+ssh://`, ...), a remote-helper address `<transport>::<address>`, or the scp-like form
 * `[user@]host:path`, recognised only when no slash comes before the first colon (so
 * `./dir:name` stays a local path).
 */
export function isRemoteUrl(target: string): boolean {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(target)) return true;
  if (/^[A-Za-z][A-Za-z0-9+.-]*::./.test(target)) return true;
  const colon = target.indexOf(':');
  if (colon <= 0) return false;
  return !target.slice(0, colon).includes('/');
}
