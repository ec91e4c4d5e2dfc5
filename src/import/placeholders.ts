// Placeholder ids of Losant's export format: `~exportplaceholderid-<type>-<camelName>[-n]~`
// (older exports: `~losant-<type>-<name>-n~`). Where one stands for a reference lxp keeps by
// name (a page's layout, an endpoint's groups and reply page, a user's groups), the import
// resolves it; anywhere else — inside a body, a device query, a device tag value, a global —
// Losant's importer would put the new id of a resource lxp does not create, so the text is kept
// as it is and each placeholder is reported, with its line, for a person to replace. Pure.
import type { SourceKind } from './detect.js';
import type { ReportItem } from './report.js';

const PLACEHOLDER = /~(?:exportplaceholderid|losant)-([A-Za-z0-9]+)(?:-[^~\s]*)?~/g;

const WHAT: Record<string, string> = {
  application: 'the application',
  dashboard: 'a dashboard',
  dataTable: 'a data table',
  device: 'a device',
  deviceRecipe: 'a device recipe',
  experienceView: 'an experience view',
  experienceGroup: 'an experience group',
  experienceEndpoint: 'an experience endpoint',
  experienceUser: 'an experience user',
  flow: 'a workflow',
  flowVersion: 'a workflow version',
  file: 'a file',
  webhook: 'a webhook',
  integration: 'an integration',
  credential: 'a credential',
  notebook: 'a notebook',
  docs: "Losant's documentation host",
};

export interface FoundPlaceholder {
  text: string;
  /** The resource type it names (dashboard, device…). */
  type: string;
  /** 1-based line within the text. */
  line: number;
}

export function findPlaceholders(text: string): FoundPlaceholder[] {
  const out: FoundPlaceholder[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ text: m[0], type: m[1], line });
  }
  return out;
}

/** Older exports spell the type in lower case (`~losant-experienceuser-…~`): look it up without case. */
const WHAT_BY_LOWER = new Map(Object.entries(WHAT).map(([k, v]) => [k.toLowerCase(), v]));

function what(type: string): string {
  return WHAT_BY_LOWER.get(type.toLowerCase()) ?? `a ${type}`;
}

/**
 * In an export, Losant's importer puts the id of the resource it creates where a placeholder is;
 * in an official-CLI workspace the text came from develop as it is, so the placeholder is one
 * that nobody replaced (an import of an export that did not hold that resource) — there is no
 * export to speak of.
 */
function meaning(p: FoundPlaceholder, where: string, source: SourceKind): string {
  return source === 'export'
    ? `${p.text} in ${where} stands for the id of ${what(p.type)} in the application Losant creates from the export; lxp keeps the text as it is — replace it with the id in your application`
    : `${p.text} in ${where} is a placeholder of Losant's export format for the id of ${what(p.type)}, as the workspace holds it (never replaced); lxp keeps the text as it is — replace it with the id in your application`;
}

/**
 * Report items for the placeholders in `text`, a value of `where` ("the body", "deviceQueryJson").
 * `at(line)` gives the file and line to report for a line of the text.
 */
export function placeholderItems(
  text: string,
  where: string,
  at: (line: number) => { file: string; line: number },
  source: SourceKind = 'export',
): ReportItem[] {
  // One item per placeholder per line: a body can name the same dashboard many times.
  const seen = new Set<string>();
  const out: ReportItem[] = [];
  for (const p of findPlaceholders(text)) {
    const key = `${p.line}\0${p.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      kind: 'placeholder',
      ...at(p.line),
      message: meaning(p, where, source),
    });
  }
  return out;
}
