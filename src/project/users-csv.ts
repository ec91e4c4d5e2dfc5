// The users CSV that `lxp users import` reads: one row per experience user. Pure: text in,
// users and problems out, every bad row reported by its line before anything is sent.
//
// Columns (a header row names them, in any order): email (required), firstName, lastName,
// groups (separated by ";"; each a name, a path or an id, which the import resolves against the
// application: src/people/groups.ts), password (empty: none — a new user is created with a
// password nobody knows, an existing one keeps theirs), and tag:<key> columns (an empty cell: no
// such tag). CSV as RFC 4180 (quotes, quoted line breaks, a byte-order mark), parsed by csv-parse.
// Passwords never appear in a message. This is the only reader of the format: `lxp users import`
// (src/people/import.ts) uses it, and nothing else reads users from a file.
import { parse } from 'csv-parse/sync';
import type { ValidationIssue } from './issues.js';
import { TAG_KEY } from './resources/field-checks.js';
import { emptyTags } from './empty-tags.js';
import { codePoints } from './limits.js';

export const USER_COLUMNS = ['email', 'firstName', 'lastName', 'groups', 'password'] as const;
const TAG_COLUMN = /^tag:(.*)$/;
/** What Losant takes as an email: something@domain.tld without spaces (the API checks the rest). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Losant's rule for an experience user's password, the one rule of the CSV's password cell,
 * `lxp users add` and `lxp users set-password`.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 2048;
export const PASSWORD_RULE = `${PASSWORD_MIN}–${PASSWORD_MAX} characters`;

/** Why a password is refused, or null. Never repeats the password, only its length. */
export function passwordProblem(password: string): string | null {
  const n = codePoints(password);
  return n < PASSWORD_MIN || n > PASSWORD_MAX ? `a password must be ${PASSWORD_RULE} (this one has ${n})` : null;
}

/** True for text the users CSV (and `lxp users add`) accepts as an email: at most 1024 characters, something@domain.tld. */
export function isEmail(text: string): boolean {
  return EMAIL.test(text) && codePoints(text) <= 1024;
}

export interface CsvUser {
  /** 1-based line where the row starts. */
  line: number;
  email: string;
  firstName: string;
  lastName: string;
  /** Group names, in the order given, without duplicates. */
  groups: string[];
  /** null: no password in the file (a new user gets one nobody knows; an existing one keeps theirs). */
  password: string | null;
  tags: Record<string, string>;
}

export interface UsersCsv {
  /** The rows without problems (none at all when the file is not valid CSV). */
  users: CsvUser[];
  /** Every problem, by line. */
  issues: ValidationIssue[];
  /** Lines of the rows refused. */
  badLines: number[];
  /** The email cell of each refused row that has one (as written), by line: for reports. */
  badEmails: Map<number, string>;
  /**
   * The group names of each refused row that names any (those not already refused here), by
   * line: an importer checks them against the application too, so that a row's every problem is
   * said at once (not the unknown group only once the short password is fixed).
   */
  badGroups: Map<number, string[]>;
  /** The header's columns, trimmed (empty when there is no header): a column the file lacks is a field an import leaves alone. */
  columns: string[];
  /** True when the file as a whole cannot be imported: empty, a bad header, or not valid CSV. */
  unusable: boolean;
}

export interface UsersCsvOptions {
  /** Name of the file in messages. Default users.csv. */
  file?: string;
  /**
   * Group names a row may name (e.g. a folder's groups.yaml, where names are unique): another
   * name is refused. `lxp users import` does not pass it: it resolves names, paths and ids
   * against the application's groups (src/people/groups.ts).
   */
  knownGroups?: readonly string[];
}

function suggestColumn(name: string): string {
  const lower = name.toLowerCase().replace(/[\s_-]/g, '');
  const hit = USER_COLUMNS.find((c) => c.toLowerCase() === lower) ?? (lower === 'firstname' ? 'firstName' : lower === 'group' ? 'groups' : lower === 'mail' || lower === 'emailaddress' ? 'email' : undefined);
  if (hit) return ` (did you mean "${hit}"?)`;
  if (lower.startsWith('tag')) return ' (tag columns are named tag:<key>)';
  return '';
}

interface SyntaxProblem {
  /** csv-parse's error code. */
  code: string;
  line: number;
  /** The cell's place in its row, from 0. */
  column?: number;
  /** In the first row (the header). */
  inHeader: boolean;
}

const DOUBLED = 'a quote inside a quoted cell is written twice: ""';

/** lxp's words for a csv-parse syntax error: where, and how to write it — never the cell's text. */
function syntaxMessage(code: string, cell: string | undefined): string {
  const inCell = cell ? ` in ${cell}` : '';
  switch (code.replace(/^CSV_/, '')) {
    case 'QUOTE_NOT_CLOSED':
      return `a quote opened${inCell} on this line is never closed (${DOUBLED})`;
    case 'INVALID_OPENING_QUOTE':
      return `${cell ?? 'a cell'} holds a quote but does not start with one (a cell with quotes is written in quotes, and ${DOUBLED})`;
    case 'INVALID_CLOSING_QUOTE':
    case 'NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `${cell ?? 'a cell'} goes on after its closing quote (${DOUBLED})`;
    default:
      return `this row cannot be read${inCell} (csv-parse: ${code || 'unknown error'})`;
  }
}

export function parseUsersCsv(text: string, opts: UsersCsvOptions = {}): UsersCsv {
  const file = opts.file ?? 'users.csv';
  const issues: ValidationIssue[] = [];
  const issue = (line: number, message: string, field?: string) => issues.push({ file, line, ...(field ? { field } : {}), message });
  /** Syntax errors as csv-parse reports them, mapped to lxp's messages once the header is known. */
  const syntax: SyntaxProblem[] = [];
  /** info.lines is the row's last line; a quoted line break makes it start earlier. */
  const startLine = (r: { raw: string; info: { lines: number } }) => r.info.lines - (r.raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g)?.length ?? 0);
  // Line ends are made \n first: csv-parse counts a quoted \r\n as two lines, which would put
  // every later row on the wrong line in messages.
  const rows = parse(text.replace(/\r\n?/g, '\n'), {
    bom: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    relax_column_count: false,
    skip_records_with_error: true,
    on_skip: (e) => {
      const err = (e ?? new Error('unreadable row')) as Error & { code?: string; lines?: number; raw?: string; column?: number | string; records?: number };
      if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
        issue(err.lines ?? 1, 'this row has another number of cells than the header');
        return;
      }
      // The parser reports an unclosed quote at the end of the file; the line that opened it is the one to fix.
      const line = err.code === 'CSV_QUOTE_NOT_CLOSED' && typeof err.raw === 'string' && err.lines ? startLine({ raw: err.raw, info: { lines: err.lines } }) : (err.lines ?? 1);
      // Never err.message: csv-parse quotes the cell's text in it ("value is …", "got …"), a password's too.
      syntax.push({ code: err.code ?? '', line, column: typeof err.column === 'number' ? err.column : undefined, inHeader: err.records === 0 });
    },
  }) as unknown as { record: string[]; raw: string; info: { lines: number } }[];
  const syntaxError = syntax.length > 0;
  // A cell by its column's name in the header (csv-parse counts cells from 0), by its place when the header itself is broken.
  const header = rows.length > 0 && !syntax.some((p) => p.inHeader) ? rows[0].record.map((c) => c.trim()) : undefined;
  const cellOf = (column: number | undefined) => {
    if (column === undefined) return undefined;
    const name = header?.[column];
    return name !== undefined && name !== '' ? `the "${name.slice(0, 80)}" cell` : `cell ${column + 1}`;
  };
  // One problem per line: csv-parse reports a broken quote again as it reads on (an opening quote
  // twice, a closing one then the quote "never closed" it leaves open).
  const syntaxLines = new Set<number>();
  for (const p of syntax) {
    if (syntaxLines.has(p.line)) continue;
    syntaxLines.add(p.line);
    issue(p.line, `not valid CSV: ${syntaxMessage(p.code, cellOf(p.column))}`);
  }
  // A broken header: the first row read would be a user's, its cells taken for column names (and quoted as such).
  if (header === undefined && syntaxError) return { users: [], issues, badLines: [...syntaxLines].sort((a, b) => a - b), badEmails: new Map(), badGroups: new Map(), columns: [], unusable: true };

  if (rows.length === 0) {
    if (issues.length === 0) issue(1, 'the file is empty: the first row names the columns (email, firstName, lastName, groups, password, tag:<key>)');
    return { users: [], issues, badLines: issues.map((i) => i.line!), badEmails: new Map(), badGroups: new Map(), columns: [], unusable: true };
  }

  // Header
  const [head, ...body] = rows;
  const columns = head.record.map((c) => c.trim());
  const headerLine = startLine(head);
  const seen = new Set<string>();
  columns.forEach((c) => {
    if (seen.has(c)) issue(headerLine, `the column "${c}" is named twice`);
    seen.add(c);
    const tag = TAG_COLUMN.exec(c);
    if (tag) {
      if (!TAG_KEY.test(tag[1])) issue(headerLine, `"${c}": a tag key must be 1–255 letters, digits, "_" or "-"`);
    } else if (!(USER_COLUMNS as readonly string[]).includes(c)) {
      issue(headerLine, `unknown column "${c}"${suggestColumn(c)}; columns: ${USER_COLUMNS.join(', ')}, tag:<key>`);
    }
  });
  if (!columns.includes('email')) issue(headerLine, 'no "email" column: every row needs the user\'s email');
  if (issues.length > 0 && issues.some((i) => i.line === headerLine)) return { users: [], issues, badLines: [headerLine], badEmails: new Map(), badGroups: new Map(), columns, unusable: true };

  const known = opts.knownGroups ? new Set(opts.knownGroups) : undefined;
  const users: CsvUser[] = [];
  const badLines = new Set(issues.map((i) => i.line!));
  const badEmails = new Map<number, string>();
  const badGroups = new Map<number, string[]>();
  const emails = new Map<string, number>();
  for (const row of body) {
    const line = startLine(row);
    const before = issues.length;
    const cell = (name: string) => {
      const i = columns.indexOf(name);
      return i === -1 ? '' : (row.record[i] ?? '');
    };
    const email = cell('email').trim();
    if (email === '') issue(line, 'no email', 'email');
    else if (!isEmail(email)) issue(line, `"${email.slice(0, 80)}" is not an email address`, 'email');
    else {
      const k = email.toLowerCase();
      if (emails.has(k)) issue(line, `${email} is also on line ${emails.get(k)}`, 'email');
      else emails.set(k, line);
    }
    const firstName = cell('firstName');
    const lastName = cell('lastName');
    if (codePoints(firstName) > 1024) issue(line, 'at most 1024 characters', 'firstName');
    if (codePoints(lastName) > 1024) issue(line, 'at most 1024 characters', 'lastName');
    const password = cell('password');
    const weak = password === '' ? null : passwordProblem(password);
    if (weak) issue(line, `${weak}; leave the cell empty for none`, 'password');
    const groups = [...new Set(cell('groups').split(';').map((g) => g.trim()).filter((g) => g !== ''))];
    const unchecked: string[] = [];
    for (const g of groups) {
      if (codePoints(g) > 255) issue(line, 'a group name has at most 255 characters', 'groups');
      else if (known && !known.has(g)) issue(line, `no group named "${g}"`, 'groups');
      else unchecked.push(g);
    }
    const tags = emptyTags();
    columns.forEach((c, i) => {
      const tag = TAG_COLUMN.exec(c);
      if (!tag) return;
      const v = row.record[i] ?? '';
      if (v === '') return;
      if (codePoints(v) > 255) issue(line, 'a tag value has at most 255 characters', c);
      else tags[tag[1]] = v;
    });
    if (issues.length > before) {
      badLines.add(line);
      if (email !== '') badEmails.set(line, email.slice(0, 1024));
      if (!known && unchecked.length > 0) badGroups.set(line, unchecked);
    }
    else users.push({ line, email, firstName, lastName, groups, password: password === '' ? null : password, tags });
  }
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  // After a broken quote the parser cannot tell rows apart: import nothing rather than guess.
  return { users: syntaxError ? [] : users, issues, badLines: [...badLines].sort((a, b) => a - b), badEmails, badGroups: syntaxError ? new Map() : badGroups, columns, unusable: syntaxError };
}
