import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformError } from '@platform/errors';

/** Paths of the throw-away PKI of one local API server (all inside its temp dir). */
export interface LocalPki {
  caCert: string;
  servingCert: string;
  servingKey: string;
  /** Client certificate of `admin` in `system:masters` (every RBAC check passes). */
  adminCert: string;
  adminKey: string;
  /** Service-account token signing key pair. */
  saKey: string;
  saPub: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer };
    if (e.code === 'ENOENT') {
      throw new PlatformError(
        'openssl was not found on PATH; the local kube-apiserver needs it to generate its certificates (apt-get install openssl).',
      );
    }
    throw new PlatformError(`openssl ${args[0]} failed: ${e.stderr?.toString().trim() ?? String(err)}`, {
      cause: err,
    });
  }
}

/**
 * Generates a CA, a serving certificate for 127.0.0.1/localhost, an admin client certificate and
 * a service-account signing key with the openssl CLI (node:crypto cannot sign certificates).
 * Elliptic-curve keys: generated in milliseconds, unlike RSA. Valid for one day: the server
 * lives as long as one test run.
 */
export function generatePki(dir: string): LocalPki {
  const p = (f: string) => join(dir, f);
  const ecKey = (out: string) =>
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', out], dir);

  ecKey('ca.key');
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/CN=gen-gitops-admission-ca',
      '-days',
      '1',
      '-out',
      'ca.crt',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );

  const sign = (name: string, subj: string, ext: string) => {
    ecKey(`${name}.key`);
    openssl(['req', '-new', '-key', `${name}.key`, '-subj', subj, '-out', `${name}.csr`], dir);
    writeFileSync(p(`${name}.ext`), ext);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '1',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.crt`,
      ],
      dir,
    );
  };
  sign(
    'serving',
    '/CN=kube-apiserver',
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc',
      '',
    ].join('\n'),
  );
  sign(
    'admin',
    '/O=system:masters/CN=admin',
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=clientAuth',
      '',
    ].join('\n'),
  );

  ecKey('sa.key');
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);

  return {
    caCert: p('ca.crt'),
    servingCert: p('serving.crt'),
    servingKey: p('serving.key'),
    adminCert: p('admin.crt'),
    adminKey: p('admin.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
  };
}
