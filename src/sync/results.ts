// The outcome of one planned change, as every output (text, progress, --json) reports it.
import type { ViewType } from '../project/view.js';
import type { ResourceKindName } from '../project/resources/kind.js';
import type { ChangeAction, PlannedChange } from './change.js';
import type { StateStore } from './state.js';
import { NOT_SENT_TYPE } from '../api/errors.js';
import { refusesRequest } from '../api/retry.js';

export type ResultStatus =
  /** Applied (a request sent, a file written, or the sync record updated). */
  | 'done'
  /** Tried and failed; error says why. */
  | 'failed'
  /** Left alone on purpose (reason in error), or not attempted because a change it needs failed. */
  | 'skipped'
  /** Refused: changed on both sides. */
  | 'conflict'
  /** Dry run: would be applied. */
  | 'planned';

export interface ChangeResult {
  key: string;
  action: ChangeAction;
  /** A view, an endpoint, a group, develop's settings, a slug or a domain. */
  resource: ResourceKindName;
  /** Views: layout, page or component. */
  viewType?: ViewType;
  name: string;
  file: string;
  status: ResultStatus;
  error?: string;
  /** The view's remote id after the change, if it has one. */
  id?: string;
  fromName?: string;
  /** A step of an endpoint's move through its temporary route (routes that swap): which one. */
  swap?: 'away' | 'back';
  /** develop's endpoint or settings that no entry of the folder holds (PlannedChange.notInFolder). */
  notInFolder?: true;
  /** Something worth knowing about a change that succeeded. */
  warning?: string;
  /**
   * A failure the API answered by refusing the request itself (400, 404, 409, 413…: see
   * refusesRequest): sending the same change again cannot succeed, only a changed one can.
   */
  refused?: true;
  /**
   * A refusal that says develop changed after the plan read it: what the change acts on is gone
   * (404), or its name or route is taken now (409, 400 AlreadyExists) — a teammate's edit. The
   * same request fails again, but a plan made with develop read again sees why (a conflict).
   */
  raced?: true;
}

/**
 * A change that did not happen although it should have: it failed, or was not attempted because
 * a change it needs did not succeed. (A `skip` left alone on purpose is not a failure.)
 */
export function isFailure(r: Pick<ChangeResult, 'status' | 'action'>): boolean {
  return r.status === 'failed' || (r.status === 'skipped' && r.action !== 'skip');
}

export function resultOf(c: PlannedChange, status: ResultStatus, extra: Partial<ChangeResult> = {}): ChangeResult {
  const r: ChangeResult = { key: c.key, action: c.action, resource: c.resource, name: c.name, file: c.file, status };
  if (c.viewType !== undefined) r.viewType = c.viewType;
  if (c.id !== undefined) r.id = c.id;
  if (c.fromName !== undefined) r.fromName = c.fromName;
  if (c.swap !== undefined) r.swap = c.swap;
  if (c.notInFolder) r.notInFolder = true;
  // The same object as `{ ...r, ...extra }` (the same keys in the same order) without copying r
  // into a second one: this runs once per change (measured cold, 300 calls: 1.7 → 0.7 ms).
  return Object.assign(r, extra);
}

/** Text of an error for a result: API errors say status and type; nothing holds a token (the client never puts it in). */
export function errorText(err: unknown): string {
  const e = err as Error & { status?: number; type?: string };
  if (e && typeof e.status === 'number' && typeof e.type === 'string') {
    return e.status === 0 ? `${e.type}: ${e.message}` : `${e.status} ${e.type}: ${e.message}`;
  }
  return e?.message ?? String(err);
}

/** The failed result of a change that threw `err`: its text, and whether the API refused the request itself. */
export function failedResult(c: PlannedChange, err: unknown): ChangeResult {
  const status = (err as { status?: unknown } | null)?.status;
  const type = (err as { type?: unknown } | null)?.type;
  const refused = typeof status === 'number' && typeof type === 'string' && refusesRequest(status);
  const raced = refused && (status === 404 || status === 409 || type === 'AlreadyExists');
  return resultOf(c, 'failed', { error: errorText(err), ...(refused ? { refused: true as const } : {}), ...(raced ? { raced: true as const } : {}) });
}

/**
 * A failure the same command run again would repeat: the API refused the request as sent (not
 * a 404 — the next run plans anew from what develop then has, so it sends another request).
 */
export function failsAgain(r: Pick<ChangeResult, 'status' | 'refused' | 'error'>): boolean {
  return r.status === 'failed' && r.refused === true && !r.error?.startsWith('404 ');
}

/**
 * What to do after failed changes, as a sentence: run again to finish — unless a failure is one
 * running again would repeat (review 11 R24: a slug another application has), which only a change
 * to the folder passes.
 */
export function afterFailures(failed: readonly Pick<ChangeResult, 'status' | 'refused' | 'error'>[]): string {
  const again = failed.filter(failsAgain).length;
  if (again === 0) return 'Run the command again to finish.';
  const all = again === failed.length;
  const which = all ? (again === 1 ? 'it' : 'them') : `${again} of them`;
  const why = again === 1 ? 'its line says why' : 'their lines say why';
  const said = `The API refused ${which} as sent (${why}): running the command again would send the same ${again === 1 ? 'request' : 'requests'} — change the folder first`;
  return all ? `${said}.` : `${said}; run the command again to finish the others.`;
}


/**
 * A change that ended without reaching the API because the command was stopped (Ctrl-C: the
 * client sends nothing more, see ExperienceClient.stopSending) — not applied, not a failure of
 * the API — or that was not attempted because such a change was needed first.
 */
export function stoppedBeforeSending(r: Pick<ChangeResult, 'status' | 'error'>): boolean {
  if (r.status === 'skipped') return true;
  return r.status === 'failed' && notSent(r.error);
}

/** An error text (errorText()) of a request never sent because the command was stopped. */
export function notSent(error: string | undefined): boolean {
  return error?.startsWith(`${NOT_SENT_TYPE}: `) ?? false;
}

export interface ApplyEvents {
  /** A change starts (its request is about to be sent, or its file written). */
  onStart?: (c: PlannedChange) => void;
  /** A change ended, whatever the outcome. */
  onResult?: (r: ChangeResult) => void;
}

/**
 * The changes a deploy and a pull settle alike, without a request or a file: forgetting a sync
 * record, reporting a view left alone or a conflict. undefined for every other action.
 */
export function settleWithoutRequest(c: PlannedChange, store: StateStore): ChangeResult | undefined {
  switch (c.action) {
    case 'forget':
      if (c.resource === 'view') store.remove(c.synced!.id);
      else store.removeResource(c.resource, c.item!.synced!.id);
      return resultOf(c, 'done');
    case 'skip':
      return resultOf(c, 'skipped', { error: c.reason });
    case 'conflict':
      return resultOf(c, 'conflict', { error: c.reason });
    default:
      return undefined;
  }
}

/** A plan handed to the wrong executor is a bug in lxp, not a user error. */
export function unexpected(direction: 'deploy' | 'pull', c: PlannedChange): never {
  throw new Error(`a ${direction} cannot ${c.action}`);
}
