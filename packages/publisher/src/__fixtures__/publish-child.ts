// Child process for the kill test: publishes tree(n, version) into a repository.
import { publish } from '../publish.ts';
import { message, tree } from './repo.ts';

const [repo, version, n] = process.argv.slice(2);
await publish({ files: tree(Number(n), version!), target: repo!, message });
process.stdout.write('done\n');
