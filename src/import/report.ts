// The import's report: everything it could not represent in the folder, and everything that
// needs a person's eye, each with where it came from. Nothing the export holds is dropped
// without a line here. Pure.

/** Stable kinds (for --json consumers), one per reason. */
export type ReportKind =
  /** An experience workflow: not lxp's business (Losant imports it with the application). */
  | 'workflow'
  /** An application resource outside the experience (dashboards, data tables, devices, files, …). */
  | 'application-resource'
  /** Application globals (application.yaml): not the experience's settings. */
  | 'application-globals'
  /** The application's own fields (README, description…). */
  | 'application'
  /** A group's device list: devices are data of one application. */
  | 'devices'
  /** Passwords of users: never written to files. */
  | 'password'
  /** A placeholder id left inside text (a body, a device query, a device tag value…). */
  | 'placeholder'
  /** A reference to something the export does not hold: left out. */
  | 'unresolved'
  /** A file of the export that nothing refers to, or that lxp does not know. */
  | 'unused-file'
  /** A field of an exported resource that lxp does not know (misspelt, or newer than lxp): not imported. */
  | 'unknown-field'
  /** Something the folder keeps differently (a global that is not JSON, a parent given twice…). */
  | 'changed'
  /** A file of the target folder that is a symbolic link and needed lines (.gitignore): left as it is — never written through. */
  | 'linked-file'
  /** Official-CLI workspace: what only Losant knows, and how it was matched. */
  | 'metadata'
  /**
   * Official-CLI workspace with --target: a view of the application with no file in the workspace
   * that the next deploy does not delete (made by hand, the folder has its own file of it, …: the line says).
   */
  | 'remote-only'
  /**
   * Official-CLI workspace with --target: a view of the application with no file in the
   * workspace that the next deploy deletes unless it is pulled first — lxp manages it (its tag) and
   * the folder is a fresh checkout, or the folder's sync record has it in a file no longer there.
   */
  | 'remote-only-managed';

export interface ReportItem {
  kind: ReportKind;
  /** Where it is: a file of the source (or of the folder written, for a view body), and a line. */
  file?: string;
  line?: number;
  message: string;
}

/** Headings of the text report, in order; each kind under one of them. */
const SECTIONS: { title: string; kinds: ReportKind[] }[] = [
  { title: 'Not imported (lxp does not manage these; they stay in Losant)', kinds: ['workflow', 'application-resource', 'application-globals', 'application', 'devices', 'password'] },
  { title: 'Needs your attention', kinds: ['placeholder', 'unresolved', 'changed', 'linked-file', 'unknown-field', 'unused-file'] },
  {
    title: 'Deleted by the next lxp deploy unless pulled first (views of develop with no file in the workspace that lxp manages, tag lxp-managed, or that this folder synced: each line says which lxp pull brings it in)',
    kinds: ['remote-only-managed'],
  },
  { title: 'From the official CLI workspace', kinds: ['metadata', 'remote-only'] },
];

function formatReportItem(i: ReportItem): string {
  const where = i.file === undefined ? '' : i.line !== undefined ? `${i.file}:${i.line}: ` : `${i.file}: `;
  return `${where}${i.message}`;
}

/** The report as lines of text, by section; [] when there is nothing to say. */
export function formatReport(items: readonly ReportItem[]): string[] {
  const out: string[] = [];
  for (const s of SECTIONS) {
    const mine = items.filter((i) => s.kinds.includes(i.kind));
    if (mine.length === 0) continue;
    out.push(`${s.title}:`);
    for (const i of mine) out.push(`  ${formatReportItem(i)}`);
  }
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A stable order: by section, then file, line and message (so two imports print the same). */
export function sortReport(items: readonly ReportItem[]): ReportItem[] {
  const rank = (k: ReportKind) => SECTIONS.findIndex((s) => s.kinds.includes(k));
  return [...items].sort((a, b) => rank(a.kind) - rank(b.kind) || cmp(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || cmp(a.message, b.message));
}
