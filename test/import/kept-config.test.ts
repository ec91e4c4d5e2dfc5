// `lxp import` into a folder that already has an lxp.config.json keeps that file: it is read up
// front exactly as every command reads it, so a config no command accepts is refused before
// anything is written — never imported and then reported as "validates" (review 11, R11).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../harness/folder.js';
import { EXPORT_FIXTURE, importSandbox } from './helpers.js';

const sandbox = importSandbox('lxp-import-config-');
const lxp = sandbox.lxp;

describe('lxp import keeps an lxp.config.json: an invalid one is refused up front', () => {
  for (const [what, text, expected] of [
    ['a trailing comma', '{ "targets": {}, }\n', 'lxp.config.json:1:18: not valid JSON'],
    ['a token in it', '{ "targets": {}, "token": "abc12345" }\n', 'lxp.config.json:1 (token): tokens never go in lxp.config.json'],
  ] as const) {
    it(`${what}: exit 2 (invalid-config), the file and field named, nothing written — with or without --force`, async () => {
      const dir = path.join(sandbox.root(), 'site');
      await mkdir(dir);
      await writeFile(path.join(dir, 'lxp.config.json'), text);
      const before = await snapshot(dir);
      for (const force of [[], ['--force']]) {
        const r = await lxp([EXPORT_FIXTURE, '--dir', 'site', ...force, '--json']);
        expect(r.code, r.stdout).toBe(2);
        expect(r.json.outcome).toBe('error');
        expect(r.json.error.code).toBe('invalid-config');
        expect(r.json.error.message).toContain(expected);
        expect(r.json.error.message).toContain('Nothing was written.');
        expect(r.stdout).not.toContain('abc12345');
        expect(await snapshot(dir)).toEqual(before);
      }
      const text2 = await lxp([EXPORT_FIXTURE, '--dir', 'site', '--force']);
      expect(text2.code).toBe(2);
      expect(text2.output).not.toContain('validates');
      expect(await snapshot(dir)).toEqual(before);
    });
  }

  it('a valid kept config: imported, kept byte for byte, exit 0', async () => {
    const dir = path.join(sandbox.root(), 'site');
    await mkdir(dir);
    const config = '{ "targets": { "prod": { "applicationId": "5f0c0ffee0ddba11cafe0001" } } }\n';
    await writeFile(path.join(dir, 'lxp.config.json'), config);
    const r = await lxp([EXPORT_FIXTURE, '--dir', 'site', '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect((await snapshot(dir))['lxp.config.json']).toBe(config);
  });
});
