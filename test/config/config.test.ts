import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { AUTO_CONCURRENCY, ConfigError, describeTarget, loadConfig, redactSecrets, resolveConcurrency, resolveTarget } from '../../src/config/index.js';
import { useTempRoots } from '../harness/lifecycle.js';

const APP = '5f0a1b2c3d4e5f6a7b8c9d0e';
const TOKEN = 'tok-SECRET-1234567890';
const tempDir = useTempRoots(); // a fresh folder for each test (and any it makes), removed after it
let root: string;
let dir: string;
let credFile: string;
beforeEach(async () => {
  root = await tempDir('lxp-config-');
  dir = path.join(root, 'site');
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  credFile = path.join(root, 'credentials.json');
});

const config = (c: unknown) => writeFile(path.join(dir, 'lxp.config.json'), typeof c === 'string' ? c : JSON.stringify(c, null, 2));
const catchErr = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('expected an error');
};

describe('the published schema', () => {
  // loadConfig compiles it without checking it against the meta-schema (a start-up cost): this does.
  it('is a valid JSON Schema (draft of its $schema) that ajv compiles in strict mode', async () => {
    const { Ajv } = await import('ajv');
    const { CONFIG_SCHEMA_URL } = await import('../../src/config/load.js');
    const schema = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(CONFIG_SCHEMA_URL, 'utf8')));
    const ajv = new Ajv({ strict: true, validateSchema: true, allErrors: true, validateFormats: false });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  });
});

describe('loadConfig', () => {
  it('gives no targets when the folder has no config', () => {
    expect(loadConfig(dir)).toEqual({ targets: {} });
  });

  it('reads a valid config with $schema', async () => {
    const c = { $schema: '../schema/lxp.config.schema.json', defaultTarget: 'staging', concurrency: 4, targets: { staging: { applicationId: APP, apiUrl: 'http://127.0.0.1:9/', protected: true } } };
    await config(c);
    expect(loadConfig(dir)).toEqual(c);
  });

  it('refuses a token in the file, naming the field and line, never echoing it', async () => {
    await config({ targets: { staging: { applicationId: APP, token: TOKEN } } });
    const e = catchErr(() => loadConfig(dir));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.exitCode).toBe(2);
    expect(e.issues).toEqual([{ file: 'lxp.config.json', line: 5, field: 'targets.staging.token', message: expect.stringMatching(/tokens never go/) }]);
    expect(e.message).not.toContain(TOKEN);
  });

  it('reports every schema problem with field and line', async () => {
    await config({ defaultTarget: 'prod', bogus: 1, targets: { local: {}, 'bad name!': {}, s: { applicationId: 'nope', apiUrl: 'ftp://x', extra: true } } });
    const e = catchErr(() => loadConfig(dir));
    const got = e.issues.map((i) => [i.field, i.line, i.message]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['bogus', 3, 'unknown key "bogus"'],
        ['targets.local', 5, expect.stringMatching(/built in/)],
        ['targets.bad name!', 6, expect.stringMatching(/target name/)],
        ['targets.s.applicationId', 8, 'applicationId must be 24 hex digits'],
        ['targets.s.apiUrl', 9, 'apiUrl must be an http(s) URL'],
        ['targets.s.extra', 10, 'unknown key "extra"'],
      ]),
    );
    expect(e.message).toMatch(/lxp\.config\.json:3 \(bogus\): unknown key/);
  });

  it('says once, in words, that "local" cannot be redefined (review 8, L1: no "(targets): must NOT be valid")', async () => {
    await config({ targets: { local: { applicationId: '6b08c67f1fc862f163ab7f11' } } });
    const e = catchErr(() => loadConfig(dir));
    expect(e.issues.map((i) => [i.field, i.message])).toEqual([['targets.local', 'the target "local" is built in (the embedded local server) and cannot be redefined']]);
    expect(e.message).not.toMatch(/must NOT/);
  });

  it('refuses a defaultTarget that names no target', async () => {
    await config({ defaultTarget: 'prod', targets: {} });
    expect(catchErr(() => loadConfig(dir)).issues).toEqual([{ file: 'lxp.config.json', line: 2, field: 'defaultTarget', message: expect.stringMatching(/names no target/) }]);
  });

  it('reports JSON syntax errors with a line', async () => {
    await config('{\n  "targets": {\n  }\n  oops\n}');
    const e = catchErr(() => loadConfig(dir));
    expect(e.issues[0]).toMatchObject({ file: 'lxp.config.json', line: 4 });
  });

  it.each([
    ['an unexpected word', '{\n  "targets": {\n  }\n  oops\n}', 4, 3, /unexpected "oops"/],
    ['a trailing comma', '{\n  "concurrency": 4,\n}\n', 3, 1, /trailing comma/],
    ['a missing comma', '{\n  "concurrency": 4\n  "targets": {}\n}', 3, 3, /expected ','/],
    ['single quotes', "{\n  'targets': {}\n}", 2, 3, /double quotes/],
    ['a comment', '{\n  // staging\n  "targets": {}\n}', 2, 3, /comments are not allowed/],
    ['an unclosed object', '{\n  "targets": {}\n', 3, 1, /ends before the closing '}'/],
    ['text after the value', '{}\n}', 2, 1, /after the end/],
    ['an empty file', '', 1, 1, /ends before/],
  ])('reports %s with its line and column, never a position', async (_what, text, line, column, message) => {
    await config(text);
    const e = catchErr(() => loadConfig(dir));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.exitCode).toBe(2);
    expect(e.issues).toEqual([{ file: 'lxp.config.json', line, column, message: expect.stringMatching(message) }]);
    expect(e.message).toMatch(new RegExp(`^lxp\\.config\\.json:${line}:${column}: not valid JSON: `));
    expect(e.message).not.toMatch(/position/);
  });

  it('suggests the key an unknown key was probably meant to be', async () => {
    await config({ concurency: 4, defaultTarge: 's', wholly: 1, targets: { s: { applicationID: APP, protectd: true } } });
    const messages = catchErr(() => loadConfig(dir)).issues.map((i) => [i.field, i.message]);
    expect(messages).toEqual(
      expect.arrayContaining([
        ['concurency', 'unknown key "concurency" (did you mean "concurrency"?)'],
        ['defaultTarge', 'unknown key "defaultTarge" (did you mean "defaultTarget"?)'],
        ['wholly', 'unknown key "wholly"'],
        ['targets.s.applicationID', 'unknown key "applicationID" (did you mean "applicationId"?)'],
        ['targets.s.protectd', 'unknown key "protectd" (did you mean "protected"?)'],
      ]),
    );
  });
});

describe('resolveTarget', () => {
  const withCreds = async (data: unknown, mode = 0o600) => {
    await writeFile(credFile, JSON.stringify(data));
    await chmod(credFile, mode);
    return { LXP_CREDENTIALS_FILE: credFile };
  };

  it('is the local embedded server when nothing is configured', () => {
    const t = resolveTarget({ dir, env: {} });
    expect(t).toEqual({ name: 'local', local: true, protected: false, dataDir: path.join(dir, '.lxp', 'server') });
    expect(describeTarget(t)).toMatch(/local.*embedded/);
  });

  it('takes --target over defaultTarget, and defaultTarget over local', async () => {
    await config({ defaultTarget: 'staging', targets: { staging: { applicationId: APP }, prod: { applicationId: APP, apiUrl: 'https://eu.example.com/', protected: true } } });
    const env = { LOSANT_API_TOKEN: TOKEN };
    expect(resolveTarget({ dir, env })).toEqual({ name: 'staging', local: false, apiUrl: 'https://api.losant.com', applicationId: APP, token: TOKEN, protected: false });
    expect(resolveTarget({ dir, env, target: 'prod' })).toMatchObject({ name: 'prod', apiUrl: 'https://eu.example.com', protected: true });
    expect(resolveTarget({ dir, env, target: 'local' })).toMatchObject({ name: 'local', local: true });
    expect(catchErr(() => resolveTarget({ dir, env, target: 'nope' })).message).toMatch(/unknown target "nope".*defines staging, prod.*"local", the embedded server, is built in/);
  });

  it('lets LOSANT_* variables override, and name an application on their own', async () => {
    await config({ targets: { staging: { applicationId: APP, apiUrl: 'https://a.example.com' } } });
    const other = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const env = { LOSANT_API_URL: 'http://127.0.0.1:4000', LOSANT_APPLICATION_ID: other, LOSANT_API_TOKEN: TOKEN };
    expect(resolveTarget({ dir, env, target: 'staging' })).toMatchObject({ apiUrl: 'http://127.0.0.1:4000', applicationId: other, token: TOKEN });
    expect(resolveTarget({ dir, env })).toMatchObject({ name: 'env', local: false, applicationId: other });
    expect(catchErr(() => resolveTarget({ dir, env: { ...env, LOSANT_APPLICATION_ID: 'x' } })).message).toMatch(/LOSANT_APPLICATION_ID must be 24 hex/);
    expect(catchErr(() => resolveTarget({ dir, env: { ...env, LOSANT_API_URL: 'notaurl' } })).message).toMatch(/LOSANT_API_URL is not a URL/);
  });

  it('reads the token from a 0600 credentials file keyed by target', async () => {
    await config({ targets: { staging: { applicationId: APP } } });
    const env = await withCreds({ staging: { token: TOKEN } });
    expect(resolveTarget({ dir, env, target: 'staging' }).token).toBe(TOKEN);
    // The environment wins over the file.
    expect(resolveTarget({ dir, env: { ...env, LOSANT_API_TOKEN: 'env-token' }, target: 'staging' }).token).toBe('env-token');
  });

  it('refuses a credentials file others can read, or one inside the folder', async () => {
    await config({ targets: { staging: { applicationId: APP } } });
    const env = await withCreds({ staging: { token: TOKEN } }, 0o644);
    const e = catchErr(() => resolveTarget({ dir, env, target: 'staging' }));
    expect(e.message).toMatch(/mode 0644.*chmod 600/);
    expect(e.message).not.toContain(TOKEN);
    const inside = path.join(dir, 'creds.json');
    await writeFile(inside, JSON.stringify({ staging: { token: TOKEN } }));
    await chmod(inside, 0o600);
    expect(catchErr(() => resolveTarget({ dir, env: { LXP_CREDENTIALS_FILE: inside }, target: 'staging' })).message).toMatch(/inside the experience folder/);
  });

  it('says where to put a missing token or application, without a token in any message', async () => {
    await config({ targets: { staging: {} } });
    expect(catchErr(() => resolveTarget({ dir, env: { LOSANT_API_TOKEN: TOKEN }, target: 'staging' })).message).toMatch(/targets\.staging\.applicationId or LOSANT_APPLICATION_ID/);
    const e = catchErr(() => resolveTarget({ dir, env: { LOSANT_APPLICATION_ID: APP, LXP_CREDENTIALS_FILE: credFile }, target: 'staging' }));
    expect(e.message).toMatch(/no API token for target "staging": set LOSANT_API_TOKEN/);
    await writeFile(credFile, `{"staging": {"token": "${TOKEN}"`);
    await chmod(credFile, 0o600);
    expect(catchErr(() => resolveTarget({ dir, env: { LOSANT_APPLICATION_ID: APP, LXP_CREDENTIALS_FILE: credFile }, target: 'staging' })).message).not.toContain(TOKEN);
  });
});

describe('redactSecrets', () => {
  it('hides each secret and its URL-encoded form', () => {
    expect(redactSecrets('Bearer a+b/c and a%2Bb%2Fc', ['a+b/c', undefined as unknown as string, ''])).toBe('Bearer *** and ***');
  });
  it('leaves no secret of 8 characters or more in any text (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 8 }).filter((s) => !s.includes('*')), fc.string(), (a, secret, b) => {
        expect(redactSecrets(a + secret + b + secret, [secret])).not.toContain(secret);
      }),
    );
  });
  it('hides a shorter secret wherever it stands alone, not inside words (a placeholder token "x" must not make "lxp" "l***p")', () => {
    expect(redactSecrets('lxp: token x sent as Bearer x, x%2F', ['x'])).toBe('lxp: token *** sent as Bearer ***, ***%2F');
    const alone = /(?<![A-Za-z0-9])dev(?![A-Za-z0-9])/;
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(redactSecrets(`${a} dev ${b}dev`, ['dev'])).not.toMatch(alone);
      }),
    );
  });
});

describe('resolveConcurrency', () => {
  it('is "auto" by default, from lxp.config.json, or from the flag, which wins', () => {
    expect(resolveConcurrency(undefined, { concurrency: undefined })).toEqual({ mode: 'auto', start: 8, max: 64 });
    expect(resolveConcurrency(undefined)).toEqual(AUTO_CONCURRENCY);
    expect(resolveConcurrency(undefined, { concurrency: 'auto' })).toEqual(AUTO_CONCURRENCY);
    expect(resolveConcurrency(undefined, { concurrency: 12 })).toEqual({ mode: 'fixed', limit: 12 });
    expect(resolveConcurrency('3', { concurrency: 12 })).toEqual({ mode: 'fixed', limit: 3 });
    expect(resolveConcurrency('AUTO', { concurrency: 12 })).toEqual(AUTO_CONCURRENCY);
    expect(resolveConcurrency('64')).toEqual({ mode: 'fixed', limit: 64 });
  });

  it('refuses anything else, naming where it came from (exit 2)', () => {
    for (const bad of ['0', '65', '1.5', '', 'many']) {
      const e = catchErr(() => resolveConcurrency(bad));
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.exitCode).toBe(2);
      expect(e.message).toBe(`--concurrency must be "auto" or an integer from 1 to 64 (got ${JSON.stringify(bad)})`);
    }
    expect(catchErr(() => resolveConcurrency(undefined, { concurrency: 0 })).message).toMatch(/^lxp\.config\.json "concurrency" must be/);
  });

  it('lxp.config.json accepts "auto" or 1–64 and names the field once otherwise', async () => {
    await config({ concurrency: 'auto', targets: {} });
    expect(loadConfig(dir).concurrency).toBe('auto');
    for (const bad of ['fast', 0, 65, 2.5]) {
      await config({ concurrency: bad });
      const e = catchErr(() => loadConfig(dir));
      expect(e.issues).toEqual([{ file: 'lxp.config.json', line: 2, field: 'concurrency', message: 'must be "auto" or an integer from 1 to 64' }]);
    }
  });
});
