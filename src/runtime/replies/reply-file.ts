// Reply files: `replies/<endpoint key>.yaml` (or .yml, .json) in the experience folder stand in
// for the workflow an endpoint would run on Losant. Never deployed. One reply, or named
// scenarios picked with ?lxp-scenario=NAME (default: "default", else the first):
//
//   status: 200                 # default 200; 302 for redirect
//   headers: { x-frame-options: DENY }
//   cookies: { theme: dark, old: null, session: { value: abc, httpOnly: true, maxAge: 3600 } }
//   page: device                # render a page (with pageData, optional layout: name | null)
//   pageData: { name: Pump 7 }
//   # or json: {...}, redirect: /path/{{request.params.id}}, body: "text" (+ contentType)
//   scenarios:
//     offline: { pageData: { online: false } }
//     missing: { status: 404, page: not-found }
//
// Top-level fields are shared by every scenario; a scenario's page/json/redirect/body replaces
// the shared one (with the shared page's layout and pageData, or body's contentType, when it
// replies otherwise), its headers and cookies add to the shared ones, its pageData is merged over
// the shared pageData.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { deepMerge, setOwn } from '../../render/context.js';
import { ReplyError, type ReplyCookie, type ReplyProvider, type ReplyQuery, type WorkflowReply } from './provider.js';

export const REPLY_FILE_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;
const KINDS = ['page', 'json', 'redirect', 'body'] as const;
const FIELDS = new Set<string>([...KINDS, 'status', 'headers', 'cookies', 'layout', 'pageData', 'contentType']);
const COOKIE_FIELDS = new Set(['value', 'path', 'domain', 'maxAge', 'httpOnly', 'secure', 'sameSite']);

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => !!v && typeof v === 'object' && !Array.isArray(v);

export interface ReplyFileOptions {
  /** The experience folder; reply files are read from its replies/ folder. */
  dir: string;
  /** Folder of reply files relative to dir (default "replies"). */
  folder?: string;
}

/** A key's segments: letters, digits, "_", "-" and ".", none empty or starting with "." (so never ".."). */
const KEY_SEGMENT = /^[\w-][\w.-]*$/;

/**
 * The files that may hold the reply of the endpoint `key`, relative to the experience folder, in
 * the order they are tried: replies/<key>.yaml, .yml, .json. A key with "/" (folder keys may
 * have one) names a subfolder: "devices/list" → replies/devices/list.yaml. A key that could
 * leave the folder has none.
 */
export function replyFileCandidates(key: string, folder = 'replies'): string[] {
  if (!key.split('/').every((s) => KEY_SEGMENT.test(s))) return [];
  return REPLY_FILE_EXTENSIONS.map((ext) => `${folder}/${key}${ext}`);
}

/** A ReplyProvider over reply files; files are read on every request, so edits show at once. */
export function replyFileProvider(options: ReplyFileOptions): ReplyProvider {
  const folder = options.folder ?? 'replies';
  return {
    async reply(q) {
      for (const file of replyFileCandidates(q.key, folder)) {
        let text: string;
        try {
          text = await readFile(path.join(options.dir, file), 'utf8');
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'ENOTDIR') continue;
          throw new ReplyError(`cannot read: ${(err as Error).message}`, 500, file);
        }
        return parseReplyFile(file, text, q.scenario);
      }
      return undefined;
    },
    hint(q: ReplyQuery) {
      const file = replyFileCandidates(q.key, folder)[0];
      if (!file) return `give the endpoint a key of letters, digits, "_", "-", "." and "/", starting with a letter or digit, with no empty, "." or ".." part between slashes (the key "${q.key}" cannot name a file), then add replies/<key>.yaml`;
      return `create ${file} in the experience folder (${path.resolve(options.dir)})`;
    },
  };
}

/** Parses a reply file's text and picks the scenario. Throws ReplyError naming the file. */
export function parseReplyFile(file: string, text: string, wanted?: string): WorkflowReply {
  let doc: unknown;
  try {
    doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const line = err instanceof YAMLParseError ? err.linePos?.[0]?.line : undefined;
    throw new ReplyError(`invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`, 500, file, line);
  }
  if (!isPlain(doc)) throw new ReplyError('a reply file must hold an object (page, json, redirect or body, and optional status, headers, cookies, scenarios)', 500, file);
  const { scenarios, ...base } = doc;
  let chosen: Plain = base;
  let scenario: string | undefined;
  if (scenarios !== undefined) {
    if (!isPlain(scenarios) || Object.keys(scenarios).length === 0) throw new ReplyError('"scenarios" must map scenario names to replies', 500, file);
    const names = Object.keys(scenarios);
    if (wanted !== undefined && !Object.hasOwn(scenarios, wanted)) {
      throw new ReplyError(`no scenario "${wanted}" (available: ${names.join(', ')})`, 400, file);
    }
    scenario = wanted ?? (Object.hasOwn(scenarios, 'default') ? 'default' : names[0]);
    const over = scenarios[scenario] ?? {};
    if (!isPlain(over)) throw new ReplyError(`scenario "${scenario}" must be an object`, 500, file);
    chosen = mergeScenario(base, over);
  } else if (wanted !== undefined && wanted !== 'default') {
    throw new ReplyError(`no scenario "${wanted}": the file has no scenarios`, 400, file);
  }
  return toReply(file, chosen, scenario);
}

/** Fields that belong to one kind of reply: they go where it goes. */
const COMPANIONS: Partial<Record<(typeof KINDS)[number], string[]>> = { page: ['layout', 'pageData'], body: ['contentType'] };

function mergeScenario(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  const overKind = KINDS.find((k) => k in over);
  if (overKind) {
    // A scenario replying otherwise (a redirect where the shared reply is a page) replaces the
    // shared reply with what goes with it: the shared page's layout and pageData, or the shared
    // body's contentType, have nothing to apply to. A page scenario keeps the shared page's.
    for (const k of KINDS) {
      if (k !== overKind && k in out) for (const c of COMPANIONS[k] ?? []) delete out[c];
      delete out[k];
    }
  }
  for (const [k, v] of Object.entries(over)) {
    // setOwn: a scenario's key called __proto__ stays a key (an unknown field, refused by toReply).
    if ((k === 'headers' || k === 'cookies') && isPlain(out[k]) && isPlain(v)) out[k] = { ...(out[k] as Plain), ...v };
    else if (k === 'pageData') out[k] = deepMerge(out[k], v);
    else setOwn(out, k, v);
  }
  return out;
}

function toReply(file: string, r: Plain, scenario: string | undefined): WorkflowReply {
  const where = scenario ? ` (scenario "${scenario}")` : '';
  const fail = (message: string): never => {
    throw new ReplyError(message + where, 500, file);
  };
  const unknown = Object.keys(r).filter((k) => !FIELDS.has(k));
  if (unknown.length) fail(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
  const kinds = KINDS.filter((k) => r[k] !== undefined);
  if (kinds.length !== 1) fail(kinds.length === 0 ? 'says nothing to reply: give one of page, json, redirect or body' : `gives ${kinds.join(' and ')}: give only one`);
  const common: Omit<WorkflowReply, 'kind'> & Plain = { source: file };
  if (scenario) common.scenario = scenario;
  if (r.status !== undefined) {
    if (!Number.isInteger(r.status) || (r.status as number) < 100 || (r.status as number) > 599) fail('"status" must be an HTTP status code (100 to 599)');
    common.status = r.status as number;
  }
  if (r.headers !== undefined) {
    if (!isPlain(r.headers) || Object.values(r.headers).some((v) => typeof v !== 'string' && typeof v !== 'number')) fail('"headers" must map header names to strings');
    common.headers = Object.fromEntries(Object.entries(r.headers as Plain).map(([k, v]) => [k.toLowerCase(), String(v)]));
  }
  if (r.cookies !== undefined) {
    if (!isPlain(r.cookies)) fail('"cookies" must map cookie names to values, {value, path, maxAge, …} or null');
    const cookies: Record<string, string | ReplyCookie | null> = {};
    for (const [name, v] of Object.entries(r.cookies as Plain)) {
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') cookies[name] = v === null ? null : String(v);
      else if (isPlain(v) && typeof v.value === 'string' && Object.keys(v).every((k) => COOKIE_FIELDS.has(k))) cookies[name] = v as unknown as ReplyCookie;
      else fail(`cookie "${name}" must be a string, null, or {value, path, domain, maxAge, httpOnly, secure, sameSite}`);
    }
    common.cookies = cookies;
  }
  const kind = kinds[0];
  if ((r.layout !== undefined || r.pageData !== undefined) && kind !== 'page') fail('"layout" and "pageData" go with "page" only');
  if (r.contentType !== undefined && kind !== 'body') fail('"contentType" goes with "body" only');
  switch (kind) {
    case 'page':
      if (typeof r.page !== 'string' || !r.page) fail('"page" must name a page');
      if (r.layout !== undefined && r.layout !== null && typeof r.layout !== 'string') fail('"layout" must name a layout, or be null for none');
      return { ...common, kind, page: r.page as string, ...(r.layout !== undefined ? { layout: r.layout as string | null } : {}), pageData: r.pageData ?? {} };
    case 'json':
      return { ...common, kind, json: r.json };
    case 'redirect':
      if (typeof r.redirect !== 'string' || !r.redirect) fail('"redirect" must be a path or URL');
      return { ...common, kind, location: r.redirect as string };
    default:
      if (typeof r.body !== 'string') fail('"body" must be a string');
      if (r.contentType !== undefined && typeof r.contentType !== 'string') fail('"contentType" must be a string');
      return { ...common, kind: 'body', body: r.body as string, ...(r.contentType ? { contentType: r.contentType as string } : {}) };
  }
}
