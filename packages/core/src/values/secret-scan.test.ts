import { describe, expect, it } from 'vitest';
import { findSecretLiterals } from './secret-scan.ts';

// Built at run time so no secret-looking literal sits in the repository.
const pemHeader = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
const fakeAwsKey = `AKIA${'X'.repeat(16)}`;

describe('findSecretLiterals', () => {
  it('finds private keys, cloud keys and literal passwords with their paths', () => {
    const found = findSecretLiterals(
      { tls: { key: `${pemHeader}\nabc` }, aws: [{ id: fakeAwsKey }], auth: { password: 'hunter22' } },
      'chart',
    );
    expect(found).toEqual([
      { path: 'chart.tls.key', kind: 'private key' },
      { path: 'chart.aws[0].id', kind: 'AWS access key id' },
      { path: 'chart.auth.password', kind: 'literal value of "password"' },
    ]);
  });

  it('accepts references to secrets and ordinary values', () => {
    expect(
      findSecretLiterals({ auth: { existingSecret: 'redis-auth', passwordKey: 'password', password: '' } }),
    ).toEqual([]);
  });
});
