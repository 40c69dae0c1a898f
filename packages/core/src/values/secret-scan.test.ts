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

describe('findSecretLiterals: AWS secret access keys', () => {
  // 40 characters of the base64 alphabet, built at run time (not a real key).
  const fakeSecret = 'Ab1/'.repeat(10);

  it.each(['aws-secret-access-key', 'secretAccessKey', 'AWS_SECRET_ACCESS_KEY', 'awsSecretKey'])(
    'refuses a 40-character secret under %s',
    (key) => {
      expect(findSecretLiterals({ creds: { [key]: fakeSecret } })).toEqual([
        { path: `creds.${key}`, kind: 'AWS secret access key' },
      ]);
    },
  );

  it('refuses one in an env entry named after it', () => {
    expect(findSecretLiterals({ env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: fakeSecret }] })).toEqual([
      { path: 'env[0].value', kind: 'AWS secret access key' },
    ]);
  });

  it('accepts the shape under unrelated keys, and the documented placeholders', () => {
    expect(findSecretLiterals({ checksum: fakeSecret })).toEqual([]);
    expect(findSecretLiterals({ 'aws-secret-access-key': `${'Ab1/'.repeat(7)}xxEXAMPLEKEY` })).toEqual([]);
    expect(findSecretLiterals({ id: `AKIA${'X'.repeat(9)}EXAMPLE` })).toEqual([]);
  });
});
