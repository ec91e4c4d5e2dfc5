// The one command shell, in-process against the real local server: the experience folder is found
// like git finds its repository; every command's --json is the one envelope, with a good token
// and a refused one; a protected target shows the plan before it asks; `lxp versions` never cuts;
// `lxp dev` on the local target says where its API and token are; a watch stopped by a refused
// token says what it did not push.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLxp, type Run } from '../harness/cli.js';
import { makeExperience, writeSample } from '../harness/folder.js';
import { useTempRoots } from '../harness/lifecycle.js';
import { useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();
const tempDir = useTempRoots();

/** Every path under `dir`, relative, sorted (folders end in /). */
async function tree(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(`${r}/`, ...(await tree(dir, r)));
    else out.push(r);
  }
  return out.sort();
}

/** The last line of stdout as JSON (watch, dev and server stream one object per line, the envelope last). */
function lastJson(r: Run): any {
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

const localEnv = (home: string): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: home, NO_COLOR: '1' });

describe('--help', () => {
  it('says what status, pull and --prune cover: endpoints, groups, settings, slugs and domains, not views alone (review 5, L6)', async () => {
    const help = async (args: string[]) => (await runLxp([...args, '--help'], { cwd: process.cwd(), env: { PATH: process.env.PATH } })).stdout.replace(/\s+/g, ' ');
    const top = await help([]);
    expect(top).toContain('status [options] [paths...] what differs between the folder and develop — views, endpoints, groups, settings, slugs and domains');
    expect(top).toContain('bring the folder to develop: write, update and delete view files, and the entries of endpoints.yaml, groups.yaml and experience.yaml');
    expect(await help(['deploy'])).toContain(
      '--prune also delete what develop has and the folder does not: views, endpoints and groups made by hand, groups with users, and the slugs and domains experience.yaml does not list',
    );
    expect(await help(['pull'])).toContain('--prune also remove what the folder has and develop does not: files of views and entries of endpoints.yaml, groups.yaml and experience.yaml never deployed');
  });
});

describe('the experience folder', () => {
  it('an export or an official-CLI workspace where an experience folder was expected: the hint is lxp import, not lxp init (review 5, L7)', async () => {
    const root = await tempDir();
    const env = localEnv(root);
    await mkdir(path.join(root, 'exp1', 'experience', 'develop', 'pages'), { recursive: true });
    await mkdir(path.join(root, 'ws', 'experience', 'pages'), { recursive: true });
    await mkdir(path.join(root, 'plain'));
    const byDir = await runLxp(['deploy', '--dir', 'exp1'], { cwd: root, env });
    expect(byDir.code).toBe(2);
    expect(byDir.stderr).toBe(`lxp: no lxp.config.json in ${path.join(root, 'exp1')}: it holds an exported Losant application (experience/develop/): \`lxp import exp1 --dir <new folder>\` makes an experience folder from it\n`);
    const inWs = await runLxp(['status'], { cwd: path.join(root, 'ws'), env });
    expect(inWs.stderr).toBe(`lxp: no lxp.config.json in ${path.join(root, 'ws')} or above: it holds an official Losant CLI workspace (experience/pages/…): \`lxp import . --dir <new folder>\` makes an experience folder from it\n`);
    const plain = await runLxp(['status', '--dir', 'plain'], { cwd: root, env });
    expect(plain.stderr).toBe(`lxp: no lxp.config.json in ${path.join(root, 'plain')} (run \`lxp init plain\` to make it an experience folder)\n`);
    expect(await tree(root)).toEqual(['exp1/', 'exp1/experience/', 'exp1/experience/develop/', 'exp1/experience/develop/pages/', 'plain/', 'ws/', 'ws/experience/', 'ws/experience/pages/']);
  });

  it('none in the current folder or above: exit 2 with how to fix it, and nothing created anywhere', async () => {
    const root = await tempDir();
    const here = path.join(root, 'not-an-experience');
    await mkdir(path.join(root, 'home'));
    await mkdir(here);
    const message = `lxp: no lxp.config.json in ${here} or above (run \`lxp init\`, or pass --dir)\n`;
    for (const args of [['status', '--exit-code'], ['diff'], ['deploy'], ['pull'], ['versions'], ['release', 'v1'], ['promote', 'v1', '--slug', 's'], ['restore', 'v1', '--yes'], ['watch'], ['dev'], ['preview']]) {
      const r = await runLxp(args, { cwd: here, env: localEnv(path.join(root, 'home')), stopSignal: Promise.resolve() });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toBe(message);
    }
    const json = await runLxp(['status', '--exit-code', '--json'], { cwd: here, env: localEnv(path.join(root, 'home')) });
    expect(json.json).toEqual({
      command: 'status',
      target: null,
      folder: null,
      outcome: 'error',
      exitCode: 2,
      error: { code: 'no-experience-folder', message: message.slice('lxp: '.length, -1) },
    });
    // No .lxp/, no database: not here, not above, not in HOME.
    expect(await tree(root)).toEqual(['home/', 'not-an-experience/']);
  });

  it('is found from a folder inside it, reported with --verbose and in --json; --dir wins', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    const deep = path.join(world.dir, 'pages', 'admin');
    await mkdir(deep, { recursive: true });
    const verbose = await runLxp(['status', '--verbose'], { cwd: deep, env: world.env });
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(verbose.stderr).toContain(`Folder: ${world.dir}\n`);
    expect(verbose.stdout).toMatch(/5 views differ, 0 in sync/);
    const json = await runLxp(['status', '--json'], { cwd: deep, env: world.env });
    expect(json.json).toMatchObject({ command: 'status', target: 'env', folder: world.dir, outcome: 'differences', exitCode: 0 });

    const other = await makeExperience(world.root, { 'pages/solo.hbs': '<p>solo</p>\n' }, { name: 'other' });
    const elsewhere = await runLxp(['status', '--json', '--dir', other], { cwd: deep, env: world.env });
    expect(elsewhere.json).toMatchObject({ folder: other });
    expect(elsewhere.json.plan.differences).toBe(1);

    const notOne = await runLxp(['status', '--dir', path.join(world.root, 'server-data')], { cwd: deep, env: world.env });
    expect(notOne.code).toBe(2);
    expect(notOne.stderr).toMatch(/no lxp\.config\.json in .*server-data \(run `lxp init/);
    // --dir naming a folder inside the experience: not "run lxp init" there (a nested experience), but where it is.
    const inside = await runLxp(['status', '--dir', deep], { cwd: deep, env: world.env });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain(`lxp: no lxp.config.json in ${deep}: it is inside the experience folder ${world.dir} (pass --dir ${world.dir}, or leave --dir out)`);
  });
});

describe('every command: one JSON envelope, a good token and a refused one', () => {
  const APP_COMMANDS = ['status', 'diff', 'deploy', 'pull', 'watch', 'dev', 'release', 'versions', 'promote', 'restore'];

  it('every command that talks to an application accepts --json, --quiet and --verbose', async () => {
    const root = await tempDir();
    for (const command of APP_COMMANDS) {
      const help = await runLxp([command, '--help'], { cwd: root, env: localEnv(root) });
      expect(help.code).toBe(0);
      for (const flag of ['--json', '--quiet', '--verbose']) expect(help.stdout, `${command} ${flag}`).toContain(flag);
    }
  });

  it('succeeds with the envelope, then fails with error {code: "token-refused"} and the hint, exit 2, for each', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    await world.losant.experienceSlugs.post({ applicationId: world.server.applicationId, experienceSlug: { slug: 'beta' } });
    const w = world;
    const goodEnv = w.env;
    // watch and dev stop at once with a good token; with a refused one they stop by themselves.
    const run = (args: string[], env = goodEnv) =>
      runLxp([...args, '--json'], { cwd: w.dir, env, stopSignal: env === goodEnv ? Promise.resolve() : new Promise(() => {}) });
    const good: Array<[string[], string]> = [
      [['status'], 'differences'],
      [['diff'], 'differences'],
      [['deploy'], 'done'],
      [['pull'], 'done'],
      [['release', 'v1'], 'created'],
      [['versions'], 'listed'],
      [['promote', 'v1', '--slug', 'beta'], 'promoted'],
      [['restore', 'v1', '--yes'], 'restored'],
      [['watch'], 'stopped'],
      [['dev', '--port', '0'], 'stopped'],
    ];
    for (const [args, outcome] of good) {
      const r = await run(args);
      const doc = args[0] === 'watch' || args[0] === 'dev' ? lastJson(r) : r.json;
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(doc, args.join(' ')).toMatchObject({ command: args[0], target: 'env', folder: w.dir, outcome, exitCode: 0 });
      expect(doc.error, args.join(' ')).toBeUndefined();
    }
    const refused = { ...goodEnv, LOSANT_API_TOKEN: 'not-the-token-0123456789' };
    for (const [args] of good) {
      const r = await run(args, refused);
      const doc = args[0] === 'watch' || args[0] === 'dev' ? lastJson(r) : r.json;
      expect(r.code, `${args.join(' ')}: ${r.stdout}`).toBe(2);
      expect(doc, args.join(' ')).toMatchObject({ command: args[0], target: 'env', folder: w.dir, exitCode: 2, error: { code: 'token-refused' } });
      expect(doc.error.message, args.join(' ')).toMatch(/check LOSANT_API_TOKEN or the credentials file/);
      expect(r.stdout + r.stderr).not.toContain('not-the-token-0123456789');
      // And in text: the same exit code, the hint on stderr.
      const text = await runLxp(args, { cwd: w.dir, env: refused, stopSignal: new Promise(() => {}) });
      expect(text.code, args.join(' ')).toBe(2);
      expect(text.stderr, args.join(' ')).toMatch(/refused the token.*check LOSANT_API_TOKEN/);
    }
  }, 120_000);

  it('init and server have the envelope too; a usage error with --json is an envelope', async () => {
    const root = await tempDir();
    const init = await runLxp(['init', 'site', '--json'], { cwd: root, env: localEnv(root) });
    expect(init.json).toMatchObject({ command: 'init', target: null, folder: path.join(root, 'site'), outcome: 'created', exitCode: 0 });
    expect(init.json.created).toContain('lxp.config.json');
    const again = await runLxp(['init', 'site', '--json'], { cwd: root, env: localEnv(root) });
    expect(again.json).toMatchObject({ command: 'init', folder: path.join(root, 'site'), outcome: 'error', exitCode: 2, error: { code: 'usage', message: expect.stringMatching(/not empty/) } });

    const server = await runLxp(['server', '--json', '--data', ':memory:'], { cwd: root, env: localEnv(root), stopSignal: new Promise((r) => setTimeout(r, 50)) });
    const lines = server.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'listening', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(lines[1]).toMatchObject({ command: 'server', outcome: 'stopped', exitCode: 0 });
    expect(lines).toHaveLength(2);
    // What the docs say it prints: the listening line's fields, in server.md's flag table and in commands.md.
    const fields = Object.keys(lines[0]).filter((k) => k !== 'type');
    expect(fields).toEqual(['url', 'applicationId', 'applicationIds', 'token', 'experienceUrl', 'dataDir']);
    const docs = path.resolve(import.meta.dirname, '../../docs');
    const flagRow = (await readFile(path.join(docs, 'server.md'), 'utf8')).split('\n').find((l) => l.startsWith('| `--json` |'))!;
    const changed = (await readFile(path.join(docs, 'commands.md'), 'utf8')).replace(/\s+/g, ' ');
    for (const f of fields) {
      expect(flagRow, f).toContain(`\`${f}\``);
      expect(changed, f).toMatch(new RegExp(`\`lxp server --json\`'s first line is \`\\{[^}]*"${f}"`));
    }
    expect(flagRow).toMatch(/envelope/);
    expect(flagRow).not.toMatch(/exactly one line/);
    const bad = await runLxp(['server', '--json', '--fail-rate', '2'], { cwd: root, env: localEnv(root) });
    expect(bad.json).toMatchObject({ command: 'server', outcome: 'error', exitCode: 2, error: { code: 'usage' } });

    const usage = await runLxp(['deploy', '--no-such-flag', '--json'], { cwd: root, env: localEnv(root) });
    expect(usage.code).toBe(2);
    expect(usage.json).toMatchObject({ command: 'deploy', outcome: 'error', exitCode: 2, error: { code: 'usage', message: "unknown option '--no-such-flag'" } });
    // The envelope names the command by the one rule Ctrl-C's early answer uses too.
    for (const [args, command] of [
      [['users', 'add', '--json'], 'users add'],
      [['users', 'bogus', '--json'], 'users'],
      [['constructor', '--json'], 'lxp'],
    ] as const) {
      const r = await runLxp([...args], { cwd: root, env: localEnv(root) });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.json, args.join(' ')).toMatchObject({ command, outcome: 'error', error: { code: 'usage' } });
    }
    // A flag that needs a value, followed by another flag (review 9): the value was left out — not
    // a slug called "--json" and text where the envelope was wanted. Written with "=", it is one.
    for (const [args, command, flag] of [
      [['release', 'v2', '--slug', '--json'], 'release', "'--slug <slug>'"],
      [['status', '--target', '--json'], 'status', "'--target <name>'"],
      [['users', 'list', '--dir', '--json'], 'users list', "'--dir <dir>'"],
    ] as const) {
      const r = await runLxp([...args], { cwd: root, env: localEnv(root) });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.json, args.join(' ')).toMatchObject({ command, outcome: 'error', exitCode: 2, error: { code: 'usage' } });
      expect(r.json.error.message).toContain(`option ${flag} argument missing: it was followed by --json, another option`);
    }
    const written = await runLxp(['status', '--target=--json'], { cwd: root, env: localEnv(root) });
    expect(written.stderr).not.toContain('argument missing'); // parsed: the run goes on to look for its folder
    expect(written.stderr).toContain('no lxp.config.json');
  });
});

describe('a protected target', () => {
  async function protectedWorld(): Promise<{ w: World; env: NodeJS.ProcessEnv }> {
    const w = await openWorld();
    await writeSample(w.dir);
    const config = { targets: { production: { applicationId: w.server.applicationId, apiUrl: w.server.url, protected: true } } };
    await writeFile(path.join(w.dir, 'lxp.config.json'), JSON.stringify(config));
    const env = { ...w.env, LOSANT_API_URL: '', LOSANT_APPLICATION_ID: '' };
    return { w, env };
  }

  it('deploy shows the plan, then asks; "n" writes nothing, "y" deploys', async () => {
    const { w, env } = await protectedWorld();
    const no = await runLxp(['deploy', '--target', 'production'], { cwd: w.dir, env, answers: ['n'] });
    expect(no.code).toBe(2);
    const plan = no.output.indexOf('Deploy plan: 5 to create');
    const question = no.output.indexOf('Deploy to protected target "production"? [y/N]');
    expect(plan).toBeGreaterThanOrEqual(0);
    expect(question).toBeGreaterThan(plan);
    expect(no.stderr).toMatch(/deploy cancelled: nothing was changed/);
    expect(await w.remoteViews()).toEqual([]);
    const yes = await runLxp(['deploy', '--target', 'production'], { cwd: w.dir, env, answers: ['y'] });
    expect(yes.code, yes.stderr).toBe(0);
    expect(await w.remoteViews()).toHaveLength(5);
  });

  it('Ctrl-C at the question exits 130, interrupted, nothing written; a typed "no" stays 2 (review 8, L3)', async () => {
    const { w, env } = await protectedWorld();
    // On a terminal readline reads Ctrl-C as the byte 0x03 (raw mode: no signal arrives).
    const ctrlC = await runLxp(['deploy', '--target', 'production'], { cwd: w.dir, env, answers: ['\x03'] });
    expect(ctrlC.code, ctrlC.stderr).toBe(130);
    expect(ctrlC.stderr).toMatch(/lxp: interrupted at the question: nothing was changed/);
    const json = await runLxp(['deploy', '--target', 'production', '--json'], { cwd: w.dir, env, answers: ['\x03'] });
    expect(json.code).toBe(130);
    expect(json.json).toMatchObject({ outcome: 'interrupted', exitCode: 130, error: { code: 'interrupted' } });
    const password = await runLxp(['users', 'add', 'zed@example.com', '--target', 'production'], { cwd: w.dir, env, answers: ['\x03'] });
    expect(password.code, password.stderr).toBe(130);
    expect(password.stderr).toMatch(/lxp: interrupted at the question: nothing was changed/);
    expect(await w.remoteViews()).toEqual([]);
    expect((await w.losant.experienceUsers.get({ applicationId: w.server.applicationId })).count).toBe(0);
  });

  // Review 11 R13: watch and dev said `usage` where every other command says `not-confirmed`.
  it('watch and dev without --yes refuse with error.code not-confirmed, as deploy does; nothing sent', async () => {
    const { w, env } = await protectedWorld();
    const before = (await w.requests()).filter((r) => r.method !== 'GET').length;
    for (const command of ['watch', 'dev', 'deploy']) {
      const r = await runLxp([command, '--target', 'production', '--json'], { cwd: w.dir, env });
      expect([command, r.code, r.json?.error?.code]).toEqual([command, 2, 'not-confirmed']);
    }
    expect((await w.requests()).filter((r) => r.method !== 'GET').length).toBe(before);
  });

  it('release and promote show what they would do, then ask; without a terminal they need --yes and send nothing', async () => {
    const { w, env } = await protectedWorld();
    await w.losant.experienceSlugs.post({ applicationId: w.server.applicationId, experienceSlug: { slug: 'live' } });
    const before = (await w.requests()).filter((r) => r.method !== 'GET').length;
    const ci = await runLxp(['release', 'v1', '--slug', 'live', '--target', 'production'], { cwd: w.dir, env });
    expect(ci.code).toBe(2);
    expect(ci.stderr).toMatch(/protected: pass --yes/);
    const no = await runLxp(['release', 'v1', '--slug', 'live', '--target', 'production'], { cwd: w.dir, env, answers: ['no'] });
    expect(no.code).toBe(2);
    const shown = no.output.indexOf('Dry run: would deploy 5 changes to develop, then create version v1.');
    expect(shown).toBeGreaterThanOrEqual(0);
    expect(no.output.indexOf('slug live: (none) → v1')).toBeGreaterThan(shown);
    expect(no.output.indexOf('Release v1 to protected target "production"? [y/N]')).toBeGreaterThan(shown);
    expect((await w.requests()).filter((r) => r.method !== 'GET').length).toBe(before);

    const yes = await runLxp(['release', 'v1', '--slug', 'live', '--target', 'production', '--json'], { cwd: w.dir, env, answers: ['y'] });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.json).toMatchObject({ command: 'release', target: 'production', outcome: 'created' });
    await runLxp(['release', 'v2', '--target', 'production', '--yes'], { cwd: w.dir, env });
    const promote = await runLxp(['promote', 'v2', '--slug', 'live', '--target', 'production'], { cwd: w.dir, env, answers: ['y'] });
    expect(promote.code, promote.stderr).toBe(0);
    const preview = promote.output.indexOf('Dry run: would point 1 slug at v2.');
    expect(preview).toBeGreaterThanOrEqual(0);
    expect(promote.output.indexOf('Re-point these on protected target "production"? [y/N]')).toBeGreaterThan(preview);
    expect(promote.stdout).toMatch(/^Pointed 1 slug at v2\.$/m);
  });
});

describe('lxp versions', () => {
  it('never cuts a cell when piped, and wraps (never cuts) to the width of a terminal', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    const slugs = ['staging-for-the-north-american-customers', 'staging-for-the-european-customers', 'beta'];
    for (const slug of slugs) await world.losant.experienceSlugs.post({ applicationId: world.server.applicationId, experienceSlug: { slug } });
    const description = 'The first release of the rewritten dashboard, with the new device list and the alert history';
    expect((await runLxp(['release', 'v1.0.0', '-m', description, ...slugs.flatMap((s) => ['--slug', s])], { cwd: world.dir, env: world.env })).code).toBe(0);

    const piped = await runLxp(['versions'], { cwd: world.dir, env: world.env });
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain('…');
    const row = piped.stdout.split('\n').find((l) => l.startsWith('v1.0.0'))!;
    for (const s of slugs) expect(row).toContain(`slug:${s}`);
    expect(row).toContain(description);

    const tty = await runLxp(['versions'], { cwd: world.dir, env: world.env, columns: 100 });
    const lines = tty.stdout.trimEnd().split('\n');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(100);
    expect(tty.stdout).not.toContain('…');
    const words = tty.stdout.replace(/\s+/g, ' ');
    for (const s of slugs) expect(words).toContain(`slug:${s}`);
    for (const word of description.split(' ')) expect(words).toContain(word);
    expect(lines.length).toBeGreaterThan(piped.stdout.trimEnd().split('\n').length);
  });
});

describe('lxp dev on the local target', () => {
  it('prints the embedded API URL and the file holding its token (0600, removed on exit); the token itself is never printed', async () => {
    const root = await tempDir();
    const dir = await makeExperience(root, { 'pages/home.hbs': '<p>home</p>\n' });
    let stop!: () => void;
    const stopSignal = new Promise<void>((r) => (stop = r));
    let seen!: (m: RegExpExecArray) => void;
    const announced = new Promise<RegExpExecArray>((r) => (seen = r));
    let ready = false;
    const running = runLxp(['dev', '--port', '0'], {
      cwd: dir,
      env: localEnv(root),
      stopSignal,
      onOutput: (out) => {
        const m = /Local API: (http:\/\/127\.0\.0\.1:\d+) \(application ([0-9a-f]{24}); token in (\S+), removed on exit\)/.exec(out);
        if (m && /watching /.test(out) && !ready) {
          ready = true;
          seen(m);
        }
      },
    });
    const [, url, applicationId, tokenFile] = await announced;
    expect(tokenFile).toBe(path.join('.lxp', 'local-token'));
    const file = path.join(dir, tokenFile);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const token = (await readFile(file, 'utf8')).trim();
    // Another client reaches develop while dev runs: the page it just pushed is there.
    const res = await fetch(`${url}/applications/${applicationId}/experience/views`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: { name: string }[] }).items.map((v) => v.name)).toEqual(['home']);
    stop();
    const r = await running;
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(r.output).not.toContain(token);
  });
});

describe('lxp watch and lxp dev stopped by a refused token', () => {
  it.each(['watch', 'dev'])('lxp %s says what it did not push, not "everything pushed" nor "state saved" (nothing was written); dev prints no URL', async (command) => {
    const world = await openWorld();
    await writeSample(world.dir);
    const r = await runLxp([command], { cwd: world.dir, env: { ...world.env, LOSANT_API_TOKEN: 'wrong-token-0123456789' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the API refused the token \(401\)/);
    expect(r.stdout).not.toMatch(/everything pushed|state saved|Experience:|Index:/);
    expect(r.stdout).toMatch(/stopped after an error; not pushed: the whole folder \(not compared with develop\)/);
    expect(existsSync(path.join(world.dir, '.lxp'))).toBe(false);
  });
});
