// The experience's YAML files on disk → records and every problem, all at once. Each file is
// optional: a folder without endpoints.yaml leaves endpoints alone, and so on.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ValidationIssue } from '../issues.js';
import type { ViewType } from '../view.js';
import { crossFileIssues, type ExperienceFilesRead } from './cross-checks.js';
import { fileForView } from '../naming.js';
import { ENDPOINTS_FILE, type EndpointContent } from './endpoint.js';
import { GROUPS_FILE, type GroupContent } from './group.js';
import type { FolderRecord } from './kind.js';
import { readEndpointsFile } from './read-endpoints.js';
import { readExperienceFile } from './read-experience.js';
import { readGroupsFile } from './read-groups.js';
import { EXPERIENCE_FILE, type DomainContent, type SettingsContent, type SlugContent } from './settings.js';

export const EXPERIENCE_FILES = [ENDPOINTS_FILE, GROUPS_FILE, EXPERIENCE_FILE] as const;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface LoadedExperienceFiles {
  /** Each undefined when its file is absent: that kind is not the folder's to manage. */
  endpoints?: FolderRecord<EndpointContent>[];
  groups?: FolderRecord<GroupContent>[];
  /** Undefined when experience.yaml is absent or holds no setting. */
  settings?: FolderRecord<SettingsContent>;
  /** Undefined when experience.yaml is absent or has no `slugs:` key. */
  slugs?: FolderRecord<SlugContent>[];
  /** Undefined when experience.yaml is absent or has no `domains:` key. */
  domains?: FolderRecord<DomainContent>[];
  /** The text of each file present, for pull's in-place edits. */
  texts: Partial<Record<(typeof EXPERIENCE_FILES)[number], string>>;
  /** Every problem, sorted by file and line. Non-empty: deploy nothing. */
  issues: ValidationIssue[];
}

async function readText(dir: string, file: string, issues: ValidationIssue[]): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    issues.push({ file, message: `cannot read the file: ${(err as Error).message}` });
    return undefined;
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    issues.push({ file, message: 'not UTF-8 text: save the file as UTF-8' });
    return undefined;
  }
}

/** Pure: the three files' texts (absent = undefined) and the folder's views → records and issues. */
export function readExperienceFiles(
  texts: LoadedExperienceFiles['texts'],
  views: readonly { viewType: ViewType; name: string }[],
  opts: { dir?: string; ignored?: (file: string) => boolean } = {},
): LoadedExperienceFiles {
  const read: ExperienceFilesRead = {};
  if (texts[ENDPOINTS_FILE] !== undefined) read.endpoints = readEndpointsFile(texts[ENDPOINTS_FILE]);
  if (texts[GROUPS_FILE] !== undefined) read.groups = readGroupsFile(texts[GROUPS_FILE]);
  if (texts[EXPERIENCE_FILE] !== undefined) read.experience = readExperienceFile(texts[EXPERIENCE_FILE], EXPERIENCE_FILE, opts);
  const issues = [
    ...(read.endpoints?.issues ?? []),
    ...(read.groups?.issues ?? []),
    ...(read.experience?.issues ?? []),
    // A page whose file .lxpignore leaves out is develop's business: the deploy checks it there, before any write.
    ...crossFileIssues(read, views, opts.ignored && ((name) => opts.ignored!(fileForView('page', name, new Set())))),
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return {
    endpoints: read.endpoints?.records,
    groups: read.groups?.records,
    settings: read.experience?.settings,
    slugs: read.experience?.declares.slugs ? read.experience.slugs : undefined,
    domains: read.experience?.declares.domains ? read.experience.domains : undefined,
    texts,
    issues,
  };
}

/** Reads endpoints.yaml, groups.yaml and experience.yaml of `dir` (each optional; `ignored` ones count as absent). */
export async function loadExperienceFiles(
  dir: string,
  views: readonly { viewType: ViewType; name: string }[],
  opts: { ignored?: (file: string) => boolean } = {},
): Promise<LoadedExperienceFiles> {
  const abs = path.resolve(dir);
  const readIssues: ValidationIssue[] = [];
  const texts: LoadedExperienceFiles['texts'] = {};
  for (const file of EXPERIENCE_FILES) {
    if (opts.ignored?.(file)) continue;
    const text = await readText(abs, file, readIssues);
    if (text !== undefined) texts[file] = text;
  }
  const loaded = readExperienceFiles(texts, views, { dir: abs, ignored: opts.ignored });
  return { ...loaded, issues: [...readIssues, ...loaded.issues] };
}
