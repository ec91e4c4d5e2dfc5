// develop's list of views, asked for while the folder is still being read (deploy, status and diff
// of a whole or narrowed folder, to a remote target): the list's round trip overlaps reading,
// checking and planning's module loading instead of following them. A read changes nothing on
// develop; what stays as before is what the user sees of a folder that does not validate —
// exactly its problems and exit 2, nothing written — because the read is abandoned unseen (its
// connection cut, its answer or error never reported) and the command's connection is only
// adopted once the folder passed. See docs/internals.md, "Listing".
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ApiView } from '../../api/types.js';
import type { Connection } from '../../sync/connection.js';
import { VIEW_TYPE_FOLDERS } from '../../project/view.js';
import type { ConcurrencySetting } from '../../config/concurrency.js';
import type { Shell } from '../shell.js';

export interface ListedAhead {
  /** The list as listViewsDigested gives it; rejects with the list's error (reported only once the folder passed). */
  views: Promise<{ views: ApiView[]; digest?: string; pages?: number }>;
  /** The folder passed: the connection becomes the command's (its target line is said now). */
  adopt(): Connection;
  /** The folder did not pass: the read is cut off wherever it is, and nothing about it is said. */
  abandon(): void;
}

/**
 * Starts the list, or undefined when it must wait for the folder as before: the local target
 * (starting its server writes), a protected target (refused before a single request without
 * --yes), a target that does not resolve (its error comes after the folder's problems), a client
 * without listViewsDigested.
 */
export function listAhead(sh: Shell, dir: string, concurrency: ConcurrencySetting): ListedAhead | undefined {
  const ahead = sh.connectAhead({ clientOptions: { ...sh.io.clientOptions, concurrency } });
  if (!ahead) return undefined;
  const { client, target } = ahead.conn;
  if (target.protected || !client.listViewsDigested) {
    ahead.abandon();
    return undefined;
  }
  const abort = new AbortController();
  const views = client.listViewsDigested({ expected: viewFilesGuess(dir), signal: abort.signal });
  // Its failure is reported by the run that awaits it, after the folder check; abandoned, never.
  views.catch(() => undefined);
  return {
    views,
    adopt: ahead.adopt,
    abandon: () => {
      abort.abort();
      ahead.abandon();
    },
  };
}

/**
 * About how many view files the folder has, before it is read (the list asks for the pages it
 * expects all at once: a guess too low costs a second round trip, too high an empty page): the
 * entries of layouts/, pages/ and components/.
 */
function viewFilesGuess(dir: string): number {
  let n = 0;
  for (const folder of Object.values(VIEW_TYPE_FOLDERS)) {
    try {
      n += readdirSync(path.join(dir, folder)).length;
    } catch {
      // No such folder (or not one): the reading of the folder says so, if it matters.
    }
  }
  return n;
}
