import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './processes.ts';

type Manifest = Record<string, any>;

/**
 * A throwaway PKI made with the real openssl at test time, shaped like the fleet's: a root CA and
 * an intermediate that signs (Vault's `pki_int`). Keys live in a temp directory only.
 */
export interface TestCa {
  dir: string;
  /** PEM of the root: what cert-manager writes as ca.crt. */
  rootPem: string;
}

/** The files cert-manager writes into the Certificate's Secret, as the pods mount them. */
export interface IssuedSecret {
  /** The directory of tls.crt (leaf + intermediate), tls.key and ca.crt (the root). */
  dir: string;
  ca: string;
  cert: string;
  key: string;
  /** Serial number of the leaf, hex, as node's getPeerCertificate() reports it. */
  serial: string;
}

async function openssl(args: readonly string[], cwd: string): Promise<string> {
  const res = await run(
    'openssl',
    args,
    { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd },
    20_000,
    cwd,
  );
  if (res.code !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${res.stderr}`);
  return res.stdout;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** A root CA and an intermediate CA in `dir`. */
export async function makeTestCa(dir: string): Promise<TestCa> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'ca.ext'),
    'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n',
  );
  await openssl(
    [
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      'root.key',
      '-out',
      'root.crt',
      '-days',
      '2',
      '-subj',
      '/CN=redis test root CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  await openssl(
    ['req', '-new', ...EC_KEY, '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=redis test pki_int'],
    dir,
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'int.csr',
      '-CA',
      'root.crt',
      '-CAkey',
      'root.key',
      '-CAcreateserial',
      '-out',
      'int.crt',
      '-days',
      '2',
      '-extfile',
      'ca.ext',
    ],
    dir,
  );
  return { dir, rootPem: await readFile(join(dir, 'root.crt'), 'utf8') };
}

/**
 * Issues what the rendered Certificate asks for (its commonName, dnsNames and usages), signed
 * by the intermediate, and writes the Secret's three files into `outDir` the way the kubelet
 * updates a mounted Secret: new files first, then renamed into place. Returns their contents.
 */
export async function issueFor(ca: TestCa, certificate: Manifest, outDir: string): Promise<IssuedSecret> {
  const spec = certificate.spec as Manifest;
  const usages = new Set<string>(spec.usages as string[]);
  const eku = [usages.has('server auth') ? 'serverAuth' : '', usages.has('client auth') ? 'clientAuth' : '']
    .filter(Boolean)
    .join(',');
  const work = join(ca.dir, `issue-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await mkdir(work);
  await writeFile(
    join(work, 'leaf.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      `keyUsage=critical${usages.has('digital signature') ? ',digitalSignature' : ''}`,
      `extendedKeyUsage=${eku}`,
      `subjectAltName=${(spec.dnsNames as string[]).map((d) => `DNS:${d}`).join(',')}`,
    ].join('\n'),
  );
  await openssl(
    ['req', '-new', ...EC_KEY, '-keyout', 'tls.key', '-out', 'leaf.csr', '-subj', `/CN=${spec.commonName}`],
    work,
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      join(ca.dir, 'int.crt'),
      '-CAkey',
      join(ca.dir, 'int.key'),
      '-CAcreateserial',
      '-out',
      'leaf.crt',
      '-days',
      '1',
      '-extfile',
      'leaf.ext',
    ],
    work,
  );
  const serial = (await openssl(['x509', '-in', 'leaf.crt', '-noout', '-serial'], work))
    .trim()
    .replace(/^serial=/, '');
  const cert =
    (await readFile(join(work, 'leaf.crt'), 'utf8')) + (await readFile(join(ca.dir, 'int.crt'), 'utf8'));
  const key = await readFile(join(work, 'tls.key'), 'utf8');
  await mkdir(outDir, { recursive: true });
  for (const [name, content] of [
    ['ca.crt', ca.rootPem],
    ['tls.key', key],
    ['tls.crt', cert],
  ] as const) {
    await writeFile(join(outDir, `.${name}.new`), content, { mode: 0o600 });
    await rename(join(outDir, `.${name}.new`), join(outDir, name));
  }
  return { dir: outDir, ca: ca.rootPem, cert, key, serial: serial.toUpperCase() };
}
