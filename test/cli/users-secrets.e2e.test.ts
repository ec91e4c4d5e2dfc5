// Passwords never appear in any output (text, --json, --verbose's request lines, prompts), in the
// server's request log, or in any file lxp or the server writes (the local target's database
// included): every way a password comes in is used, then everything is searched for it.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLxp, type Run, type RunOptions } from '../harness/cli.js';
import { allFilesUnder } from '../harness/folder.js';
import { useWorlds } from './helpers.js';

const openWorld = useWorlds();

describe('passwords never appear', () => {
  it('in output, --json, --verbose, prompts, the request log or any file (remote and local targets)', async () => {
    const w = await openWorld();
      const P = {
      piped: 'pw-PIPED-7f3a91c2',
      typed: 'pw-TYPED-0b44e6d1',
      again: 'pw-AGAIN-c2d9f018',
      csv: 'pw-CSVCELL-5e7d2a33',
      reset: 'pw-RESET-91aa04be',
      flag: 'pw-FLAG-3c0ffee1',
      short: 'pw-s',
    };
    const runs: Run[] = [];
    const lxp = async (args: string[], opts: Partial<RunOptions> = {}) => {
      const r = await runLxp([...args, '--dir', w.dir], { cwd: w.root, env: w.env, ...opts });
      runs.push(r);
      return r;
    };
    const csv = path.join(w.root, 'users.csv'); // the user's own file: the one place a password may be
    for (const mode of [[], ['--json'], ['--verbose'], ['--verbose', '--json']]) {
      const tag = mode.join('').replace(/-/g, '') || 'text';
      const add = await lxp(['users', 'add', `piped-${tag}@example.com`, ...mode, '--password-stdin'], { input: `${P.piped}\n` });
      expect(add.code, add.output).toBe(0);
      const typed = await lxp(['users', 'add', `typed-${tag}@example.com`, ...mode], { answers: [P.typed, P.typed] });
      expect(typed.code, typed.output).toBe(0);
      expect((await lxp(['users', 'set-password', `typed-${tag}@example.com`, ...mode], { answers: [P.again, P.again] })).code).toBe(0);
      // Refusals do not repeat it either.
      expect((await lxp(['users', 'set-password', `typed-${tag}@example.com`, ...mode], { answers: [P.typed, P.again] })).code).toBe(2);
      expect((await lxp(['users', 'set-password', `typed-${tag}@example.com`, ...mode, '--password-stdin'], { input: P.short })).code).toBe(2);
      expect((await lxp(['users', 'add', `flag-${tag}@example.com`, ...mode, `--password=${P.flag}`])).code).toBe(2);
      expect((await lxp(['users', 'add', `flag-${tag}@example.com`, ...mode, '--password', P.flag])).code).toBe(2);
      await writeFile(csv, `email,password\ncsv-${tag}@example.com,${P.csv}\nshort-${tag}@example.com,${P.short}\n`);
      expect((await lxp(['users', 'import', 'users.csv', ...mode])).code).toBe(1); // the short one is refused by line
      await writeFile(csv, `email,password\ncsv-${tag}@example.com,${P.reset}\n`);
      expect((await lxp(['users', 'import', 'users.csv', '--reset-passwords', ...mode])).code).toBe(0);
      expect((await lxp(['users', 'list', ...mode])).code).toBe(0);
    }
    // The local target: the embedded server keeps its database in the folder's .lxp/server.
    const local = await lxp(['users', 'add', 'local@example.com', '--target', 'local', '--verbose', '--password-stdin'], { input: `${P.piped}\n` });
    expect(local.code, local.output).toBe(0);
    await writeFile(csv, `email,password\nlocal-csv@example.com,${P.csv}\n`);
    expect((await lxp(['users', 'import', 'users.csv', '--target', 'local', '--verbose', '--json'])).code).toBe(0);

    const secrets = Object.values(P);
    const printed = runs.map((r) => r.output).join('\n');
    expect(printed).toContain('Password for typed-text@example.com'); // the prompt itself is shown
    expect(printed).toContain('GET /applications/'); // --verbose printed requests
    for (const s of secrets) expect(printed.includes(s), `printed: ${s}`).toBe(false);

    const files = (await allFilesUnder(w.root)).filter((f) => f !== csv);
    expect(files.some((f) => f.includes(`${path.sep}.lxp${path.sep}server`))).toBe(true);
    expect(files).toContain(path.join(w.root, 'requests.log'));
    for (const f of files) {
      const bytes = await readFile(f);
      for (const s of secrets) expect(bytes.includes(s), `${path.relative(w.root, f)} holds ${s}`).toBe(false);
    }
  });
});
