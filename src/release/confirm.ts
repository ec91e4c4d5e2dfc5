// Asking before a release command changes a protected target (or replaces develop). Without a
// terminal there is nobody to ask: --yes is the only way through.
import { createInterface } from 'node:readline/promises';
import { UsageError } from '../sync/errors.js';

export async function confirm(opts: { question: string; yes: boolean; refusal: string }): Promise<boolean> {
  if (opts.yes) return true;
  if (!process.stdin.isTTY || !process.stderr.isTTY) throw new UsageError(opts.refusal);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${opts.question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
