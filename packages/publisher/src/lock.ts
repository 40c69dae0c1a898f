import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { GitError } from '@platform/errors';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock file created with O_EXCL and holding the owner's PID. A lock whose owner is
 * gone (killed) is stale and taken over. Waits up to `timeoutMs`, then fails naming the holder.
 */
export async function acquireLock(file: string, timeoutMs = 30_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      continue; // released between our open and read
    }
    if (Number.isInteger(holder) && !alive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new GitError(
        `another gen:gitops run (pid ${Number.isNaN(holder) ? 'unknown' : holder}) holds ${file}; waited ${timeoutMs} ms. ` +
          'Retry when it has finished, or remove the file if that process no longer exists.',
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
