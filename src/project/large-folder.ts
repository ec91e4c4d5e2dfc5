// A hint to the process that runs lxp: a command is about to read a folder of many view files.
// bin/lxp.js keeps V8's young generation at its first 1 MB in a command that ends (Node 20: fewer
// page faults for short runs) and lets it grow when such a run turns out to be large. Reading a
// large folder is one: what it builds lives until the plan is made — the parse cache's entries,
// the views, the sync records, develop's list (~18 MB at 5000 views) — and in a 1 MB young
// generation each of those objects is copied by a scavenge before it is promoted (a no-op deploy
// of 5000 views that reads its folder: ~115 scavenges, a third of its CPU). Nothing subscribes in
// tests or in long-running commands, whose young generation grows as V8 sees fit: then this is
// one check of a flag.
import { channel } from 'node:diagnostics_channel';

/** The channel's name (bin/lxp.js subscribes to it by this name). */
export const LARGE_FOLDER_CHANNEL = 'lxp:large-folder';
/** From this many view files on, a load is announced (a folder read, not one stopped at the no-op check). */
export const LARGE_FOLDER_FILES = 1000;

const large = channel(LARGE_FOLDER_CHANNEL);

/** Announces a load of `files` view files when they are many (see the header). */
export function announceLoad(files: number): void {
  if (files >= LARGE_FOLDER_FILES && large.hasSubscribers) large.publish({ files });
}
