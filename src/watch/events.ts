// What `lxp watch` tells its caller, one object per thing that happened. The CLI turns each into
// a line (./format.ts) or a JSON line; tests and benchmarks read them directly.
import type { ValidationIssue } from '../project/issues.js';
import type { ViewType } from '../project/view.js';
import type { ResourceKindName } from '../project/resources/kind.js';
import type { ChangeAction } from '../sync/plan.js';

/** A view left unpushed on purpose (until someone acts), by file. */
export interface NotPushed {
  file: string;
  why: 'conflict' | 'skipped' | 'invalid' | 'refused';
  reason?: string;
}

export type WatchEvent =
  /**
   * The whole-folder comparison (start-up and resyncs): how many resources differ. `unit` is
   * `view` when the comparison covered views only, `resource` once other kinds are in it.
   */
  | { type: 'status'; differences: number; inSync: number; conflicts: number; unit: 'view' | 'resource'; all: true }
  /** Watching: the start-up sync ran (or is queued for retry) and file events are followed. */
  | { type: 'ready'; dir: string }
  /**
   * Files changed (after the debounce): what a preview re-renders. Sent before their push. Also
   * lists files that are never pushed but a preview reads (pages/home.preview.json).
   */
  | { type: 'files'; files: string[] }
  /** One view pushed. `ms`: its request; `sinceChangeMs`: from the first file event to now. */
  | {
      type: 'push';
      action: ChangeAction;
      /** view, endpoint, group, settings, slug or domain. */
      resource: ResourceKindName;
      /** Views: layout, page or component. */
      viewType?: ViewType;
      name: string;
      file: string;
      fromName?: string;
      /** A step of an endpoint's move through its temporary route (routes that swap). */
      swap?: 'away' | 'back';
      /**
       * An update of a resource this folder had no sync record of with the target (a fresh folder,
       * as `lxp init` makes, and develop already had one of that name): nothing said which side was
       * newer, so develop's was replaced with the folder's, as `lxp deploy` does (its plan says
       * "never synced"). `replaced`: develop's fields that were replaced.
       */
      neverSynced?: { replaced: string[] };
      id?: string;
      ms: number;
      sinceChangeMs?: number;
      /** Date.now() when the push ended. */
      at: number;
    }
  /** A view changed on both sides (or only remotely): not pushed, never overwritten. */
  | { type: 'conflict'; resource: ResourceKindName; viewType?: ViewType; name: string; file: string; reason: string }
  /** A difference left alone on purpose (e.g. a view deleted remotely). */
  | { type: 'skipped'; resource: ResourceKindName; viewType?: ViewType; name: string; file: string; reason: string }
  /** A file with problems: not pushed until fixed. */
  | { type: 'invalid'; file: string; issues: ValidationIssue[] }
  /** A file that had problems is fine again (it is pushed in the same batch). */
  | { type: 'fixed'; file: string }
  /**
   * The API refused one change as it was sent (400, 404, 409, 413…): sending it again unchanged
   * cannot succeed, so it is not retried; it is tried again with the next save (of any file:
   * another file may be what it lacks). Reported once per message, and again when its file is saved.
   */
  | { type: 'refused'; action: ChangeAction; resource: ResourceKindName; viewType?: ViewType; name: string; file: string; error: string }
  /** One change failed; it stays pending (see the retry event that follows), or waits for the next save when a change it needs was refused. */
  | { type: 'failed'; action: ChangeAction; resource: ResourceKindName; viewType?: ViewType; name: string; file: string; error: string }
  /** Changes that will be tried again after delayMs. */
  | { type: 'retry'; files: string[]; all: boolean; delayMs: number; attempt: number; error?: string }
  /** Something went wrong that is not about one view (watcher error, refused sync, state not saved). */
  | { type: 'error'; message: string }
  /**
   * close(): what was in flight finished; `pending` were not pushed (the next watch or deploy
   * sends them); `notPushed` were left alone on purpose (conflicts, skipped views, bad files) and
   * need someone to act. Everything is pushed only when both are empty. `error`: watching
   * stopped by itself because of it (a refused token). `stateSaved`: the session wrote its sync
   * state to `.lxp/` (false when there was nothing to record, or the save failed).
   */
  | { type: 'closed'; pending: string[]; notPushed: NotPushed[]; stateSaved?: boolean; error?: string };

export type WatchEventHandler = (e: WatchEvent) => void;
