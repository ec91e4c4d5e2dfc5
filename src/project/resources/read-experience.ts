// experience.yaml → develop's settings record (when the file holds any setting), a record per
// declared slug and domain, and every problem of the file: schema, duplicate global keys or
// domains, globals JSON cannot hold, and secrets — a certificate or key must be
// a reference to the environment or to a file outside the folder, never the text itself.
import { isDomainName } from '../publishing-names.js';
import { headerNameProblem, headerValueProblem } from '../http-header.js';
import type { ValidationIssue } from '../issues.js';
import { codePoints, isInsideFolder, issueAt, isMapping, pemPaths, valueIssues, withExactNumbers } from './field-checks.js';
import type { FolderRecord, ReadResult, SecretRef } from './kind.js';
import { replyOf } from './read-endpoints.js';
import { EXPERIENCE_FILE, SETTINGS_IDENTITY, settingsDefaults, type DomainContent, type SettingsContent, type SlugContent } from './settings.js';
import { byLine, lineOf, readYaml, schemaIssues, type Path, type YamlSource } from './yaml-file.js';

/** Keys of experience.yaml that are develop's settings: one of them makes the file hold them all. */
export const SETTINGS_KEYS = ['globals', 'cors', 'notFound', 'unauthorized', 'responseHeaders'] as const;
const SECRET_FIELDS = ['certificate', 'key', 'bundle'] as const;

export interface ExperienceRead {
  settings?: FolderRecord<SettingsContent>;
  slugs: FolderRecord<SlugContent>[];
  domains: FolderRecord<DomainContent>[];
  /** Whether the file has a `slugs:` / `domains:` key: without one, the folder leaves that kind alone. */
  declares: { slugs: boolean; domains: boolean };
  issues: ValidationIssue[];
  source?: YamlSource;
}

export interface ExperienceReadOptions {
  /** The experience folder (absolute), to refuse certificate files inside it. */
  dir?: string;
}

function secretRefOf(v: unknown): SecretRef | null {
  if (!isMapping(v)) return null;
  if (typeof v.env === 'string') return { env: v.env };
  if (typeof v.file === 'string') return { file: v.file };
  return null;
}

export function readExperienceFile(text: string, file = EXPERIENCE_FILE, opts: ExperienceReadOptions = {}): ExperienceRead {
  const src = readYaml(file, text);
  const issues: ValidationIssue[] = [...src.issues];
  const out: ExperienceRead = { slugs: [], domains: [], declares: { slugs: false, domains: false }, issues, source: src };
  if (src.data === undefined) return out;
  const data = isMapping(src.data) ? src.data : {};
  out.declares = { slugs: data.slugs !== undefined, domains: data.domains !== undefined };

  // Secrets first: a certificate written inline is reported as that, never echoed.
  const inlineSecret = (at: Path) => at.length === 3 && at[0] === 'domains' && (SECRET_FIELDS as readonly unknown[]).includes(at[2]);
  const domains = Array.isArray(data.domains) ? data.domains : [];
  domains.forEach((d, i) => {
    if (!isMapping(d)) return;
    for (const field of SECRET_FIELDS) {
      const v = d[field];
      if (v === undefined || v === null) continue;
      if (!isMapping(v)) {
        issues.push(issueAt(src, ['domains', i, field], `a ${field === 'key' ? 'key' : field} is never written in the folder (it is committed): use ${field}: { env: VARIABLE } or { file: path outside the folder }`));
      } else if (typeof v.file === 'string' && isInsideFolder(v.file, opts.dir)) {
        issues.push(issueAt(src, ['domains', i, field, 'file'], `${v.file} is inside the experience folder, which is committed: keep certificates and keys outside it (or use { env: VARIABLE })`));
      }
    }
    if ((d.key !== undefined) !== (d.certificate !== undefined)) issues.push(issueAt(src, ['domains', i], 'a domain needs both certificate and key, or neither'));
  });
  for (const at of pemPaths(data)) {
    if (inlineSecret(at)) continue;
    issues.push(issueAt(src, at, 'a certificate or key (PEM text) is never written in the folder: reference it from the environment or a file outside the folder'));
  }
  issues.push(...schemaIssues(src, 'experience', (at) => inlineSecret(at.slice(0, 3)) || (at.length === 4 && inlineSecret(at.slice(0, 3)))));

  // Settings
  if (SETTINGS_KEYS.some((k) => data[k] !== undefined)) {
    const s = settingsDefaults();
    const seen = new Map<string, number>();
    (Array.isArray(data.globals) ? data.globals : []).forEach((g, i) => {
      if (!isMapping(g) || typeof g.key !== 'string' || !('value' in g)) return;
      const checked = valueIssues(src, ['globals', i, 'value'], g.value);
      const lost = checked.lost;
      if (checked.issues.length > 0) issues.push(...checked.issues);
      else {
        const json = JSON.stringify(g.value ?? null);
        const n = codePoints(json);
        if (n > 32767) issues.push(issueAt(src, ['globals', i, 'value'], `the value is ${n} characters as JSON; Losant takes at most 32767`));
      }
      if (seen.has(g.key)) issues.push(issueAt(src, ['globals', i, 'key'], `the global "${g.key}" is also declared at line ${seen.get(g.key)}`));
      else seen.set(g.key, lineOf(src, ['globals', i]));
      s.globals.push({ key: g.key, value: withExactNumbers(g.value ?? null, ['globals', i, 'value'], lost), description: typeof g.description === 'string' ? g.description : '' });
    });
    if (isMapping(data.cors)) {
      if (typeof data.cors.default === 'boolean') s.cors.default = data.cors.default;
      if (Array.isArray(data.cors.origins)) s.cors.origins = data.cors.origins.filter((o): o is string => typeof o === 'string');
    }
    s.notFound = replyOf(data.notFound) ?? null;
    s.unauthorized = replyOf(data.unauthorized) ?? null;
    if (isMapping(data.responseHeaders)) {
      // Names and values HTTP cannot carry would fail every response of the experience: refused
      // here, by name (the schema's propertyNames errors are left to this loop).
      // Header names are one whatever their case (x-team is X-TEAM): only one of two could be sent.
      const headerLines = new Map<string, { name: string; line: number }>();
      for (const [k, v] of Object.entries(data.responseHeaders)) {
        const first = headerLines.get(k.toLowerCase());
        if (first) {
          issues.push(issueAt(src, ['responseHeaders', k], `the header "${k}" is also declared at line ${first.line} as "${first.name}": header names are the same whatever their case, so only one of them could be sent`));
          continue;
        }
        headerLines.set(k.toLowerCase(), { name: k, line: lineOf(src, ['responseHeaders', k]) });
        const nameProblem = codePoints(k) > 255 ? `a header name is at most 255 characters (it has ${codePoints(k)})` : headerNameProblem(k);
        const valueProblem = typeof v === 'string' ? headerValueProblem(v) : undefined;
        if (nameProblem) issues.push({ ...issueAt(src, ['responseHeaders', k], nameProblem), ...(k === '' ? { field: 'responseHeaders' } : {}) });
        if (valueProblem) issues.push(issueAt(src, ['responseHeaders', k], valueProblem));
        if (typeof v === 'string' && !nameProblem && !valueProblem) s.responseHeaders[k] = v;
      }
    }
    const firstKey = SETTINGS_KEYS.find((k) => data[k] !== undefined)!;
    out.settings = { kind: 'settings', identity: SETTINGS_IDENTITY, content: s, file, line: lineOf(src, [firstKey]) };
  }

  // Slugs and domains
  (Array.isArray(data.slugs) ? data.slugs : []).forEach((slug, i) => {
    if (typeof slug === 'string') out.slugs.push({ kind: 'slug', identity: slug, content: { slug }, file, line: lineOf(src, ['slugs', i]) });
  });
  const domainLines = new Map<string, number>();
  domains.forEach((d, i) => {
    if (!isMapping(d) || typeof d.name !== 'string') return;
    const identity = d.name.toLowerCase();
    if (domainLines.has(identity)) issues.push(issueAt(src, ['domains', i, 'name'], `the domain ${d.name} is also declared at line ${domainLines.get(identity)}`));
    else domainLines.set(identity, lineOf(src, ['domains', i]));
    if (!isDomainName(d.name) && d.name.length >= 3 && d.name.length <= 45)
      issues.push(issueAt(src, ['domains', i, 'name'], `"${d.name}" is not a domain name (e.g. app.example.com)`));
    out.domains.push({
      kind: 'domain',
      identity,
      content: { name: d.name, certificate: secretRefOf(d.certificate), key: secretRefOf(d.key), bundle: secretRefOf(d.bundle) },
      file,
      line: lineOf(src, ['domains', i]),
    });
  });
  out.issues = byLine(issues);
  return out;
}

export type { ReadResult };
