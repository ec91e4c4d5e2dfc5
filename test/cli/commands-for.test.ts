// A command line that starts with a command's name defines only that command (src/cli/main.ts,
// commandsFor): the other command modules are never loaded. Help, --version and every usage
// error must read exactly as with every command defined.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandsFor, runCli } from '../../src/cli/main.js';
import type { CommandIO } from '../../src/cli/io.js';

async function run(args: string[], commands?: typeof COMMANDS): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    stdin: new PassThrough(),
    env: { NO_COLOR: '1' },
    cwd: process.cwd(),
  };
  const code = await runCli(args, io, commands);
  return { code, stdout, stderr };
}

describe('commandsFor', () => {
  it('names the first word when it is a command, none for --version alone, else all', () => {
    expect(Object.keys(commandsFor(['deploy', '--dir', 'x']))).toEqual(['deploy']);
    expect(Object.keys(commandsFor(['users', 'import', 'a.csv']))).toEqual(['users']);
    expect(Object.keys(commandsFor(['--version']))).toEqual([]);
    expect(Object.keys(commandsFor(['-V']))).toEqual([]);
    for (const args of [[], ['--help'], ['--help', 'deploy'], ['-h', 'deploy'], ['help', 'deploy'], ['deplo'], ['--version', 'deploy'], ['-V', '--help'], ['constructor'], ['toString']]) {
      expect(Object.keys(commandsFor(args)), args.join(' ')).toEqual(Object.keys(COMMANDS));
    }
  });

  it('gives the same output and exit code as a program with every command defined', async () => {
    const lines = [
      ['--version'],
      ['-V'],
      ['--help'],
      [],
      ['deploy', '--help'],
      ['status', '--help'],
      ['users', '--help'],
      ['users', 'import', '--help'],
      ['users', 'lst'],
      ['release', '--help'],
      ['server', '--help'],
      ['deploy', '--bogus'],
      ['status', '--json', '--bogus'],
      ['deploy', '--concurrency'],
      ['help', 'deploy'],
      ['-h', 'deploy'],
      ['deplo'],
      ['bogus', '--json'],
    ];
    for (const args of lines) {
      const only = await run(args);
      const all = await run(args, COMMANDS);
      expect(only, args.join(' ')).toEqual(all);
    }
  });
});
