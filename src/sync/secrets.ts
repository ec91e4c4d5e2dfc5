// Certificates and keys of custom domains: read from the environment or from a file outside the
// folder, only to build a request or a digest. The text never leaves this process: it is not
// printed, logged, kept in the sync state or written to the folder, and the messages about a
// secret name its variable or file, never its content.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretRef } from '../project/resources/index.js';

export interface SecretSource {
  env: NodeJS.ProcessEnv;
  /** The experience folder: a relative `file:` is read from there. */
  dir: string;
}

export type SecretRead = { text: string } | { problem: string };

export function describeSecret(ref: SecretRef): string {
  return 'env' in ref ? `the environment variable ${ref.env}` : `the file ${ref.file}`;
}

export function readSecret(ref: SecretRef, src: SecretSource): SecretRead {
  if ('env' in ref) {
    const text = src.env[ref.env];
    return text ? { text } : { problem: `${describeSecret(ref)} is not set` };
  }
  try {
    const text = readFileSync(path.resolve(src.dir, ref.file), 'utf8');
    return text.trim() ? { text } : { problem: `${describeSecret(ref)} is empty` };
  } catch (err) {
    return { problem: `cannot read ${describeSecret(ref)} (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

/** A reader for the wire form (WireContext.secret): throws with the problem, never the text. */
export function secretReader(src: SecretSource): (ref: SecretRef) => string {
  return (ref) => {
    const r = readSecret(ref, src);
    if ('problem' in r) throw new Error(r.problem);
    return r.text;
  };
}
