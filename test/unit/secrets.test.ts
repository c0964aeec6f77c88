import { describe, expect, it } from 'vitest';
import {
  isSecretKey,
  knownSecrets,
  nameParts,
  pinSecret,
  REDACTED,
  redact,
  redactKnown,
  redactText,
  rememberSecret,
  secretsInArgs,
} from '../../src/secrets.js';

describe('isSecretKey: whole name parts, any case or separator', () => {
  it.each([
    'secret',
    'clientSecret',
    'password',
    'emailPassword',
    'PASSWORD',
    'passwd',
    'token',
    'sessionToken',
    'session_token',
    'SESSION-TOKEN',
    'access token',
    'apiKey',
    'api_key',
    'API-KEY',
    'apikey',
    'x-paperspace-api-key',
    'accessKey',
    'secretAccessKey',
    'SecretAccessKey',
    'secret_access_key',
    'SECRET_ACCESS_KEY',
    'privateKey',
    'private_key',
    'sshPrivateKey',
    'credentials',
    'dockerCredentials',
    'basicAuthKey',
    'basic_auth_key',
    'authorization',
    'secretValue',
    // Only `confirm` is the gate's own; an API's confirmation token is a token like any other.
    'confirmationToken',
    'confirm_token',
  ])('%s is secret', (name) => {
    expect(isSecretKey(name)).toBe(true);
  });

  it.each([
    'accessKeyId',
    'access_key_id',
    'isPasswordAuthEnabled',
    'secretName',
    'tokenExpiry',
    'passwordLength',
    'confirm',
    'name',
    'value',
    'id',
    'keyName',
    'monkey',
    'tokenizer',
    'secretary',
    'passwordless',
    'publicKey',
    'apiKeyId',
  ])('%s is not secret', (name) => {
    expect(isSecretKey(name)).toBe(false);
  });

  it('splits names into lower-case word parts', () => {
    expect(nameParts('secretAccessKey')).toEqual(['secret', 'access', 'key']);
    expect(nameParts('SECRET_ACCESS_KEY')).toEqual(['secret', 'access', 'key']);
    expect(nameParts('basic-auth key')).toEqual(['basic', 'auth', 'key']);
    expect(nameParts('HTTPBasicAuthKey')).toEqual(['http', 'basic', 'auth', 'key']);
  });
});

describe('redact: structured values', () => {
  it('replaces secret-named strings at any depth and keeps non-strings and look-alikes', () => {
    const input = {
      s3Config: { accessKeyId: 'AKIA1', secret_access_key: 'shh', bucket: 'b' },
      user: { emailPassword: true, isPasswordAuthEnabled: false, password: 'hunter2' },
      deployments: [{ spec: { basicAuthKey: 'k', sessionToken: 't', privateKey: null } }],
      confirm: 'v1.token-the-gate-handed-out',
    };
    expect(redact(input)).toEqual({
      s3Config: { accessKeyId: 'AKIA1', secret_access_key: REDACTED, bucket: 'b' },
      user: { emailPassword: true, isPasswordAuthEnabled: false, password: REDACTED },
      deployments: [{ spec: { basicAuthKey: REDACTED, sessionToken: REDACTED, privateKey: null } }],
      confirm: 'v1.token-the-gate-handed-out',
    });
  });

  it('redacts the value of secret objects: env entries with a secret name, or every value in a secrets payload', () => {
    const env = [
      { name: 'DB_PASSWORD', value: 'p4ss' },
      { name: 'PORT', value: '8080' },
    ];
    expect(redact({ env })).toEqual({
      env: [
        { name: 'DB_PASSWORD', value: REDACTED },
        { name: 'PORT', value: '8080' },
      ],
    });
    // A reference to a stored secret is a name, and stays readable.
    expect(redact({ name: 'DB_PASSWORD', value: 'secret:DB_PASSWORD' })).toEqual({
      name: 'DB_PASSWORD',
      value: 'secret:DB_PASSWORD',
    });
    expect(redact({ name: 'PORT', value: 'x' }, { secretObjects: true })).toEqual({
      name: 'PORT',
      value: REDACTED,
    });
  });

  it('replaces known values inside any string, pinned, remembered or given for one call', () => {
    pinSecret('pinned-canary-0001');
    rememberSecret('tenant-canary-0002');
    const out = redact(
      { message: 'echo pinned-canary-0001 / tenant-canary-0002 / call-canary-0003', n: 1 },
      { values: ['call-canary-0003'] },
    );
    expect(out).toEqual({ message: `echo ${REDACTED} / ${REDACTED} / ${REDACTED}`, n: 1 });
    expect(redact('short')).toBe('short');
  });
});

describe('redactText: free text', () => {
  it('replaces bearer credentials and secret-named pairs, and leaves prose and literals alone', () => {
    const text =
      'Authorization: Bearer abcdefghijklmnop1234 body={"password":"hunter2","name":"n","emailPassword":true} ?token=xyz123&limit=2 password: must be longer';
    expect(redactText(text)).toBe(
      `Authorization: Bearer ${REDACTED} body={"password":"${REDACTED}","name":"n","emailPassword":true} ?token=${REDACTED}&limit=2 password: must be longer`,
    );
  });
});

describe('redactText: a pair inside another, and spaced assignments', () => {
  it.each([
    ['Note: password=hunter22', `Note: password=${REDACTED}`],
    ['db: api_key=abcd1234efgh', `db: api_key=${REDACTED}`],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG', `aws_secret_access_key = ${REDACTED}`],
    ['Note:password=hunter22 and more', `Note:password=${REDACTED} and more`],
    ['"note": "token=abc123"', `"note": "token=${REDACTED}"`],
    ['secret_key: abcdef123456', `secret_key: ${REDACTED}`],
    ['url=https://x.test/?api_key=k3y-value&page=2', `url=https://x.test/?api_key=${REDACTED}&page=2`],
  ])('%s', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it.each([
    'token: must be longer',
    'password: expired',
    'Note: the password policy changed',
    'api_key = true',
    'limit=2 name=x',
  ])('leaves prose and literals alone: %s', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('leaves a long chain of plain pairs alone, and finds a secret pair after thousands of others', () => {
    const chain = 'a=b:'.repeat(16_000);
    expect(redactText(chain)).toBe(chain);
    expect(redactText(`${'x: '.repeat(20_000)}password=p4ssw0rd`)).toMatch(/password=\[redacted\]$/);
  });
});

describe('knownSecrets and redactKnown: user content', () => {
  it('lists every known value with its kind, and redactKnown replaces only those', () => {
    pinSecret('pinned-kind-canary-01', 'the API key');
    rememberSecret('tenant-kind-canary-02');
    const known = knownSecrets();
    expect(known).toContainEqual({ value: 'pinned-kind-canary-01', kind: 'the API key' });
    expect(known).toContainEqual({ value: 'tenant-kind-canary-02', kind: 'a per-request API key' });
    expect(redactKnown('password=hunter22 pinned-kind-canary-01')).toBe(`password=hunter22 ${REDACTED}`);
  });
});

describe('redact: verbatim keys', () => {
  it('keeps user content under a verbatim key, except known values', () => {
    pinSecret('pinned-verbatim-canary-03');
    const out = redact(
      { text: 'password=hunter22\npinned-verbatim-canary-03', note: 'password=hunter22' },
      { verbatim: ['text'] },
    );
    expect(out).toEqual({ text: `password=hunter22\n${REDACTED}`, note: `password=${REDACTED}` });
  });
});

describe('redactText in a secrets payload', () => {
  it('treats "value" pairs as secret only where every value is one', () => {
    expect(redactText('With: {"name":"PORT","value":"short"}', { secretObjects: true })).toBe(
      `With: {"name":"PORT","value":"${REDACTED}"}`,
    );
    expect(redactText('{"value":"short"}')).toBe('{"value":"short"}');
  });
});

describe('secretsInArgs', () => {
  it('collects strings of 8+ characters under secret names or in secret objects', () => {
    const args = {
      id: 'pr123456789',
      name: 'DB_PASSWORD',
      value: 'value-long-enough',
      s3Config: { secretAccessKey: 'secret-access-key-canary', accessKey: 'short' },
      env: [{ name: 'API_TOKEN', value: 'env-token-canary' }],
    };
    expect(secretsInArgs(args).sort()).toEqual(
      ['env-token-canary', 'secret-access-key-canary', 'value-long-enough'].sort(),
    );
    expect(secretsInArgs({ name: 'PORT', value: 'value-of-a-secret' }, true)).toEqual(['value-of-a-secret']);
    expect(secretsInArgs({ confirm: 'v1.some-confirmation-token' })).toEqual([]);
  });
});
