// Watch events as lines for people: one line per push (what, how long), one per error. Pure.
import { formatIssue } from '../project/issues.js';
import type { WatchEvent } from './events.js';

export interface LineStyle {
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  dim(s: string): string;
}

const plain: LineStyle = { green: (s) => s, yellow: (s) => s, red: (s) => s, dim: (s) => s };

const DONE: Record<string, string> = {
  create: 'created',
  update: 'updated',
  rename: 'renamed',
  delete: 'deleted',
  mark: 'marked as managed',
};

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

export interface FormattedLine {
  /** 'err' for problems (stderr), 'out' for progress (stdout). */
  stream: 'out' | 'err';
  text: string;
}

/** The line(s) for an event, or undefined for events shown only with --json (files). */
export function formatWatchEvent(e: WatchEvent, style: LineStyle = plain, opts: { time?: boolean } = {}): FormattedLine | undefined {
  const at = opts.time === false ? '' : `${style.dim(clock())} `;
  switch (e.type) {
    case 'status':
      if (e.differences === 0) return { stream: 'out', text: `${at}in sync: ${e.inSync} ${e.unit}${e.inSync === 1 ? '' : 's'}` };
      return {
        stream: 'out',
        text: `${at}${e.differences} difference${e.differences === 1 ? '' : 's'} with develop (${e.inSync} in sync${e.conflicts ? `, ${e.conflicts} in conflict` : ''}): deploying`,
      };
    case 'ready':
      return { stream: 'out', text: `${at}watching ${e.dir} (Ctrl-C to stop)` };
    case 'files':
      return undefined;
    case 'push': {
      const verb = DONE[e.action] ?? e.action;
      const color = e.action === 'create' ? style.green : e.action === 'delete' ? style.red : style.yellow;
      const name = `${e.fromName !== undefined ? `"${e.fromName}" → "${e.name}"` : `"${e.name}"`}${e.swap === 'away' ? ' to its temporary route for now' : e.swap === 'back' ? ' from its temporary route' : ''}`;
      const after = e.sinceChangeMs !== undefined ? style.dim(` (${seconds(e.sinceChangeMs)} after the save)`) : '';
      // As deploy's plan says it: develop had one of that name, and no record said which side was newer.
      const replaced = e.neverSynced ? ` (never synced with this target: replaced ${e.neverSynced.replaced.length ? `develop's ${e.neverSynced.replaced.join(', ')}` : "develop's"} with the folder's)` : '';
      return { stream: 'out', text: `${at}${color(verb)} ${e.viewType ?? e.resource} ${name} ${style.dim(e.file)} in ${seconds(e.ms)}${after}${replaced}` };
    }
    case 'conflict':
      return {
        stream: 'err',
        text: `${at}${style.red('conflict')} ${e.viewType ?? e.resource} "${e.name}" (${e.file}), not pushed: ${e.reason}`,
      };
    case 'skipped':
      return { stream: 'err', text: `${at}${style.yellow('skipped')} ${e.viewType ?? e.resource} "${e.name}" (${e.file}): ${e.reason}` };
    case 'invalid':
      return {
        stream: 'err',
        text: e.issues.map((i) => `${at}${style.red('error')} ${formatIssue(i)} (not pushed until fixed)`).join('\n'),
      };
    case 'fixed':
      return { stream: 'out', text: `${at}${style.green('fixed')} ${e.file}` };
    case 'refused':
      return {
        stream: 'err',
        text: `${at}${style.red('refused')} ${e.action} ${e.viewType ?? e.resource} "${e.name}" (${e.file}): ${e.error} — not retried (the same request would be refused again); tried again at your next save`,
      };
    case 'failed':
      return { stream: 'err', text: `${at}${style.red('failed')} ${e.action} ${e.viewType ?? e.resource} "${e.name}" (${e.file}): ${e.error}` };
    case 'retry': {
      const what = [...(e.all ? ['the whole folder'] : []), ...e.files];
      const shown = what.length > 5 ? `${what.slice(0, 5).join(', ')} and ${what.length - 5} more` : what.join(', ');
      return {
        stream: 'err',
        text: `${at}${style.yellow('pending')} ${shown}: ${e.error ? `${e.error}; ` : ''}retrying in ${seconds(e.delayMs)} (attempt ${e.attempt + 1})`,
      };
    }
    case 'error':
      return { stream: 'err', text: `${at}${style.red('error')} ${e.message}` };
    case 'closed': {
      const notPushed = e.notPushed ?? [];
      const stopped = e.error ? `${style.red('stopped after an error')}` : style.yellow('stopped');
      // "state saved" only when the session wrote it (not when a refused token stopped it before any sync).
      const saved = e.stateSaved !== false;
      if (e.pending.length === 0 && notPushed.length === 0) {
        return e.error
          ? { stream: 'out', text: `${at}${stopped}; ${saved ? 'state saved; ' : ''}nothing was waiting to be pushed` }
          : { stream: 'out', text: `${at}stopped; everything pushed${saved ? ', state saved' : ''}` };
      }
      const parts: string[] = [];
      const list = (files: string[]) => (files.length > 5 ? `${files.slice(0, 5).join(', ')} and ${files.length - 5} more` : files.join(', '));
      const of = (why: string) => notPushed.filter((n) => n.why === why).map((n) => n.file);
      if (of('conflict').length) parts.push(`in conflict, not pushed: ${list(of('conflict'))} (lxp status shows them)`);
      if (of('skipped').length) parts.push(`skipped, not pushed: ${list(of('skipped'))}`);
      if (of('invalid').length) parts.push(`with errors, not pushed: ${list(of('invalid'))}`);
      if (of('refused').length) parts.push(`refused by the API, not pushed: ${list(of('refused'))}`);
      if (e.pending.length) {
        const what = e.pending.map((f) => (f === '*' ? 'the whole folder (not compared with develop)' : f));
        parts.push(`not pushed: ${list(what)} (the next lxp watch or lxp deploy sends ${e.pending.length === 1 ? 'it' : 'them'})`);
      }
      return { stream: 'out', text: `${at}${stopped}; ${saved ? 'state saved; ' : ''}${parts.join('; ')}` };
    }
  }
}
