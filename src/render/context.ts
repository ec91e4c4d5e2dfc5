// The root context every layout, page and component sees, as Losant builds it for a page
// served by a workflow's Endpoint Reply, filled with neutral sample values, and the sidecar
// files (`pages/home.preview.json|yaml|yml`) whose named scenarios override those values.
import { parse as parseYaml, YAMLParseError } from 'yaml';

export interface ExperienceUser {
  id?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  userTags?: Record<string, string>;
  experienceGroups?: Array<{ id?: string; name: string }>;
  [key: string]: unknown;
}

export interface RequestInfo {
  path: string;
  method: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  cookies: Record<string, string>;
}

export interface RootContext {
  time: Date;
  application: { id: string; name: string };
  experience: {
    user: ExperienceUser | null;
    endpoint: { id?: string; route: string; method: string; access: string; [k: string]: unknown };
    page: { name: string; description?: string; [k: string]: unknown } | null;
    layout: { name: string; description?: string; [k: string]: unknown } | null;
    version: string;
    authInfo?: unknown;
  };
  flow: { id: string; name: string; version: string };
  globals: Record<string, unknown>;
  request: RequestInfo;
  pageData: unknown;
  [key: string]: unknown;
}

export const DEFAULT_APPLICATION = { id: '000000000000000000000000', name: 'Preview Application' };

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/**
 * Sets `obj[key]` as an own property whatever the key: assigned, a key called `__proto__` (YAML and
 * JSON make it an own key like any other) would set the object's prototype and vanish without a
 * word (review 10b, F4). Reading back goes through Object.hasOwn for the same reason.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Deep merge of plain objects; arrays, dates and scalars from `over` replace; undefined does not.
 * Every key of `over` is kept, `__proto__`, `constructor` and `prototype` included: each becomes an
 * own property of a fresh object (setOwn), which reaches no prototype.
 */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlain(base) || !isPlain(over)) return (over === undefined ? base : over) as T;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const mine = Object.hasOwn(out, k) ? out[k] : undefined;
    setOwn(out, k, isPlain(mine) && isPlain(v) ? deepMerge(mine, v) : v === undefined ? mine : v);
  }
  return out as T;
}

export interface DefaultContextOptions {
  application?: { id: string; name: string };
  now?: Date;
  pageName?: string;
  page?: RootContext['experience']['page'];
  layout?: RootContext['experience']['layout'];
}

/** The context of an anonymous GET of the page's own route, with nothing passed by the workflow. */
export function defaultRootContext(opts: DefaultContextOptions = {}): RootContext {
  const route = `/${(opts.pageName ?? '').replace(/^\/+/, '')}`;
  return {
    time: opts.now ?? new Date(),
    application: { ...(opts.application ?? DEFAULT_APPLICATION) },
    experience: {
      user: null,
      // Shaped as the runtime's experience.endpoint (the API's endpoint object).
      endpoint: { applicationId: (opts.application ?? DEFAULT_APPLICATION).id, route, method: 'get', access: 'public', enabled: true, description: '', endpointTags: {}, experienceGroups: [], staticReply: null, unauthorizedReply: null },
      page: opts.page ?? null,
      layout: opts.layout ?? null,
      version: 'develop',
    },
    flow: { id: '000000000000000000000001', name: 'Preview Workflow', version: 'develop' },
    globals: {},
    request: {
      path: route,
      method: 'get',
      // As the runtime gives them (Losant serves experiences behind a proxy).
      headers: { host: 'localhost', 'user-agent': 'lxp-preview', accept: 'text/html', 'x-forwarded-proto': 'http' },
      params: {},
      query: {},
      // No body: null, as Losant's Endpoint Trigger documents.
      body: null,
      cookies: {},
    },
    pageData: {},
  };
}

/** Defaults, then the scenario, then what the preview request itself adds (query parameters). */
export function buildRootContext(opts: DefaultContextOptions, ...overrides: unknown[]): RootContext {
  let ctx = defaultRootContext(opts);
  for (const o of overrides) ctx = deepMerge(ctx, o);
  // `time` must stay a Date so that {{format time}} formats it as a date.
  if (!(ctx.time instanceof Date)) ctx.time = new Date(ctx.time as unknown as string);
  return ctx;
}

// ---------------------------------------------------------------------------------------------
// Sidecar files

export const SIDECAR_EXTENSIONS = ['.preview.json', '.preview.yaml', '.preview.yml'] as const;

/** Candidate sidecar paths of a page file ("pages/home.hbs" → "pages/home.preview.json", …). */
export function sidecarCandidates(pageFile: string): string[] {
  const base = pageFile.replace(/\.hbs$/i, '');
  return SIDECAR_EXTENSIONS.map((ext) => base + ext);
}

export interface Scenarios {
  /** Scenario names in file order; the first is the default. */
  names: string[];
  byName: Record<string, Plain>;
}

export class SidecarError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'SidecarError';
  }
}

function lineOfOffset(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Parses a sidecar. `{scenarios: {name: {...}}}`, or a bare object which is the one scenario "default". */
export function parseSidecar(file: string, text: string): Scenarios {
  let doc: unknown;
  if (file.toLowerCase().endsWith('.json')) {
    try {
      doc = JSON.parse(text);
    } catch (err) {
      const m = /position (\d+)/.exec((err as Error).message);
      throw new SidecarError(`invalid JSON: ${(err as Error).message}`, file, m ? lineOfOffset(text, Number(m[1])) : undefined);
    }
  } else {
    try {
      doc = parseYaml(text);
    } catch (err) {
      const line = err instanceof YAMLParseError ? err.linePos?.[0]?.line : undefined;
      throw new SidecarError(`invalid YAML: ${(err as Error).message.split('\n')[0]}`, file, line);
    }
  }
  if (doc === null || doc === undefined) return { names: ['default'], byName: { default: {} } };
  if (!isPlain(doc)) throw new SidecarError('a preview file must hold an object', file, 1);
  if (!('scenarios' in doc)) return { names: ['default'], byName: { default: doc } };
  const scenarios = doc.scenarios;
  if (!isPlain(scenarios)) throw new SidecarError('"scenarios" must map scenario names to objects', file);
  const byName: Record<string, Plain> = {};
  for (const [name, value] of Object.entries(scenarios)) {
    if (value !== null && !isPlain(value)) throw new SidecarError(`scenario "${name}" must be an object`, file);
    setOwn(byName, name, value ?? {}); // a scenario called __proto__ is one like any other
  }
  const names = Object.keys(byName);
  if (names.length === 0) return { names: ['default'], byName: { default: {} } };
  return { names, byName };
}

/** The scenario to use: the one asked for, else "default", else the first. Unknown names are an error. */
export function pickScenario(s: Scenarios, wanted: string | undefined, file = 'sidecar'): { name: string; data: Plain } {
  if (wanted) {
    if (!Object.hasOwn(s.byName, wanted)) {
      throw new SidecarError(`no scenario "${wanted}" (available: ${s.names.join(', ')})`, file);
    }
    return { name: wanted, data: s.byName[wanted] };
  }
  const name = Object.hasOwn(s.byName, 'default') ? 'default' : s.names[0];
  return { name, data: s.byName[name] };
}
