// write-file-atomic, loaded on first use instead of at start-up. Loading it (with signal-exit and
// node:worker_threads) cost ~9 ms of every sync command's start, before its first request, though
// most commands write with it only at their end (the state, the no-op record, the parse cache),
// and `status` of an unchanged folder often not at all. A deploy asks for it ahead
// (prefetchWriteAtomic) while its first requests are in flight and the client waits for answers,
// so the end does not pay the loading either. It is a package outside the CLI's bundle (it finds
// its own files by __dirname), so the first use is a plain require() of node_modules, as before.
import type writeFileAtomicFunction from 'write-file-atomic';

type WriteFileAtomic = typeof writeFileAtomicFunction;

let loading: Promise<WriteFileAtomic> | undefined;

function load(): Promise<WriteFileAtomic> {
  loading ??= import('write-file-atomic').then((m) => m.default);
  return loading;
}

/** write-file-atomic's writeFile(file, data): written beside, fsynced and renamed in. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const write = await load();
  await write(file, data);
}

/**
 * write-file-atomic's synchronous writeFileSync(file, data) — the same steps (beside, fsync,
 * rename) without a turn of the thread pool between them — once the package is loaded: for the
 * last write of a run, when nothing else is left to run meanwhile.
 */
export async function loadWriteFileAtomicSync(): Promise<(file: string, data: string) => void> {
  const write = await load();
  return (file, data) => write.sync(file, data);
}

/** Loads write-file-atomic now, so a later write does not wait for it (a failure shows at that write). */
export function prefetchWriteAtomic(): void {
  load().catch(() => {});
}
