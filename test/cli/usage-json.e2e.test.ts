// A usage mistake with --json prints the one envelope and nothing else (review 9, leftover 2):
// commander also wrote its "error: …" line and the command's whole help to stderr, where every
// other --json failure writes nothing. Every path commander (or lxp's flag-as-value check) refuses
// a command line by: unknown option, command and subcommand, a missing argument or option value,
// too many arguments, a flag taken as a value (and, as a guard, an option value lxp's own check
// refuses, which never wrote to stderr). Without --json a person still gets the message and the help.
import { beforeAll, describe, expect, it } from 'vitest';
import { runLxp } from '../harness/cli.js';
import { useTempRoots } from '../harness/lifecycle.js';

const tempDir = useTempRoots('file'); // HOME of every run, removed after the file's last test

let root: string;
beforeAll(async () => {
  root = await tempDir();
});

const env = () => ({ PATH: process.env.PATH, HOME: root, NO_COLOR: '1' });

const CASES: Array<[string[], string, string]> = [
  [['deploy', '--no-such-flag', '--json'], 'deploy', "unknown option '--no-such-flag'"],
  [['promote', '--json'], 'promote', "missing required argument 'version'"],
  [['promote', 'v1', 'v2', '--json'], 'promote', "too many arguments for 'promote'. Expected 1 argument but got 2."],
  [['status', '--json', '--target'], 'status', "option '--target <name>' argument missing"],
  [['release', 'v2', '--slug', '--json'], 'release', "option '--slug <slug>' argument missing: it was followed by --json, another option (to give --json as its value, write --slug=--json)"],
  [['deplyo', '--json'], 'lxp', "unknown command 'deplyo' (Did you mean deploy?)"],
  [['users', 'bogus', '--json'], 'users', "unknown command 'bogus'"],
  [['server', '--json', '--fail-rate', '2'], 'server', '--fail-rate must be between 0 and 1 (got "2")'],
];

describe('a usage error with --json', () => {
  it.each(CASES)('lxp %j: the envelope alone on stdout, nothing on stderr, exit 2', async (args, command, message) => {
    const r = await runLxp(args, { cwd: root, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    expect(r.json).toEqual({ command, target: null, folder: null, outcome: 'error', exitCode: 2, error: { code: 'usage', message } });
  });

  it('without --json: the message and the help on stderr, nothing on stdout', async () => {
    const r = await runLxp(['deploy', '--no-such-flag'], { cwd: root, env: env() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: unknown option '--no-such-flag'\n\nUsage: lxp deploy \[options\] \[paths\.\.\.\]/);
  });
});
