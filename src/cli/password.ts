// Where a password comes from: a hidden prompt on a terminal, or stdin with --password-stdin —
// never a flag (it would stay in shell history and process lists). What is read is handed to
// the shell as a secret, so no output can ever show it.
import { PASSWORD_RULE, passwordProblem } from '../project/users-csv.js';
import { LxpError, UsageError } from '../sync/errors.js';
import type { Shell } from './shell.js';

export interface PasswordFlags {
  passwordStdin?: boolean;
  /** Only to refuse it: a password is never taken from a flag. */
  password?: string;
}

function refuseBad(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(`${problem}: nothing was changed`);
}

/**
 * How the password will be got, decided (and refused) before anything is sent: returns a
 * function the command calls only when the write is about to happen. `optional`: a user may be
 * created without one (an empty answer, or no terminal and no --password-stdin → null).
 */
export async function passwordSource(sh: Shell, flags: PasswordFlags, email: string, opts: { optional: boolean; dryRun: boolean }): Promise<() => Promise<string | null>> {
  if (flags.password !== undefined) {
    throw new UsageError('a password is never taken from a flag (it would stay in your shell history): type it when asked, or pipe it with --password-stdin');
  }
  if (flags.passwordStdin) {
    const text = await sh.readInput();
    const password = text.replace(/\r?\n$/, '');
    if (/[\r\n]/.test(password)) throw new UsageError('--password-stdin: the password must be one line');
    if (password === '') throw new UsageError('--password-stdin: stdin held no password');
    refuseBad(password);
    sh.addSecret(password);
    return async () => password;
  }
  if (sh.canAsk()) {
    return async () => {
      const first = await sh.ask(`Password for ${email} (${PASSWORD_RULE}${opts.optional ? '; empty: none for now' : ''}): `, { hidden: true });
      if (first === null) throw new LxpError('not-confirmed', 'cancelled: nothing was changed');
      if (first === '') {
        if (opts.optional) return null;
        throw new UsageError('no password typed: nothing was changed');
      }
      sh.addSecret(first);
      refuseBad(first);
      const again = await sh.ask('Again, to be sure: ', { hidden: true });
      if (again === null) throw new LxpError('not-confirmed', 'cancelled: nothing was changed');
      if (again !== first) throw new UsageError('the two passwords differ: nothing was changed');
      return first;
    };
  }
  if (opts.optional || opts.dryRun) return async () => null;
  throw new UsageError(`no terminal to ask for the password of ${email}: pipe it with --password-stdin (e.g. from your secret store)`);
}
