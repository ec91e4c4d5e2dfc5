// Every command and flag the README and each page of docs/ names exists in that command's
// `--help`: the docs cannot drift from the CLI. A command is named as `lxp <command>` (or
// `lxp <command> <subcommand>`, e.g. `lxp users add`) in code (a `span` or a code block); a flag
// in code belongs to the `lxp <command>` before it on that line, else to the commands the
// section's heading names, else to any command.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { runLxp } from '../harness/cli.js';
import { ROOT } from '../harness/server.js';

type Help = Map<string, Set<string>>;

/** Flags (long and short) and subcommands listed by `lxp <words…> --help`. */
async function helpOf(words: string[]): Promise<{ flags: Set<string>; subcommands: string[] }> {
  const r = await runLxp([...words, '--help'], { cwd: ROOT, env: { PATH: process.env.PATH } });
  const flags = new Set<string>();
  const subcommands: string[] = [];
  let section = '';
  for (const line of r.stdout.split('\n')) {
    if (/^\S/.test(line)) section = line;
    const m = /^\s+((?:-\w, )?--[\w-]+)/.exec(line);
    if (m && section === 'Options:') for (const f of m[1].split(', ')) flags.add(f);
    const sub = /^ {2}([a-z][\w-]*)\b/.exec(line);
    if (sub && section === 'Commands:' && sub[1] !== 'help') subcommands.push(sub[1]);
  }
  return { flags, subcommands };
}

/** Each command's flags, read from `lxp <command> --help`; a command with subcommands also as "command sub". */
async function readHelp(): Promise<Help> {
  const help: Help = new Map();
  for (const command of Object.keys(COMMANDS)) {
    const top = await helpOf([command]);
    help.set(command, top.flags);
    for (const sub of top.subcommands) {
      const flags = (await helpOf([command, sub])).flags;
      help.set(`${command} ${sub}`, flags);
      // `lxp users` in prose stands for its subcommands: their flags are its flags.
      for (const f of flags) top.flags.add(f);
    }
  }
  return help;
}

/** The command `lxp <words>` names at the start of `text`: "users add" when that is one, else "users". */
function commandAt(text: string, help: Help): string | undefined {
  const m = /^lxp (\w[\w-]*)(?: (\w[\w-]*))?/.exec(text);
  if (!m) return undefined;
  if (m[2] && help.has(`${m[1]} ${m[2]}`)) return `${m[1]} ${m[2]}`;
  return m[1];
}

/** Programs whose flags are not lxp's. */
const OTHER_TOOL = /\b(npm|npx|node|git|curl|chmod|apt-get|tsc|vitest|playwright)\b/;

export interface Problem {
  line: number;
  text: string;
}

/** What a page names that the CLI does not have. */
export function checkPage(text: string, help: Help): Problem[] {
  const problems: Problem[] = [];
  const commands = [...help.keys()].filter((c) => !c.includes(' '));
  const anyFlag = new Set([...help.values()].flatMap((s) => [...s]));
  let section: string[] = [];
  let fence = false;
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.startsWith('```')) {
      fence = !fence;
      return;
    }
    if (!fence && /^#{1,6} /.test(raw)) {
      section = [...raw.matchAll(/lxp \w[\w-]*(?: \w[\w-]*)?/g)].map((m) => commandAt(m[0], help)!).filter((c) => help.has(c));
      return;
    }
    // The code on this line: the whole line in a code block, else its `spans`.
    const pieces = fence ? [raw.replace(/#(?!\{).*$/, '')] : [...raw.matchAll(/``?([^`]+)``?/g)].map((m) => m[1]);
    for (const piece of pieces) {
      for (const m of piece.matchAll(/(?:^|[\s(])lxp (\w[\w-]*)(?: ([a-z][\w-]*))?/g)) {
        if (!help.has(m[1]) && m[1] !== 'init' && !commands.includes(m[1])) problems.push({ line, text: `"lxp ${m[1]}" is not a command` });
        // A command with subcommands: the next word, when there is one, must be one of them.
        const hasSubcommands = [...help.keys()].some((c) => c.startsWith(`${m[1]} `));
        if (hasSubcommands && m[2] && !help.has(`${m[1]} ${m[2]}`)) problems.push({ line, text: `"lxp ${m[1]} ${m[2]}" is not a command` });
      }
      // Another program's flags (`-H` of curl, in a line about curl) are not lxp's.
      if (!/\blxp \w/.test(piece) && (OTHER_TOOL.test(piece) || OTHER_TOOL.test(raw))) continue;
      // Split at each `lxp <command>`: flags after it are that command's.
      const parts = piece.split(/(?=(?:^|[\s(])lxp \w)/);
      for (const part of parts) {
        const at = /lxp \w/.exec(part);
        const named = at ? commandAt(part.slice(at.index), help) : undefined;
        const allowed = named && help.has(named) ? [named] : section.length ? section : undefined;
        // --long, or -x (one letter: "-Allow-Methods" of a header name is no flag).
        for (const f of part.matchAll(/(?:^|[\s[(|,`])(--[a-zA-Z][\w-]*|-[a-zA-Z](?![\w-]))/g)) {
          const flag = f[1];
          if (flag === '--help' || flag === '-h' || flag === '--version' || flag === '-V') continue;
          const ok = allowed ? allowed.some((c) => help.get(c)!.has(flag)) : anyFlag.has(flag);
          if (!ok) problems.push({ line, text: `${flag} is not a flag of ${allowed ? allowed.map((c) => `lxp ${c}`).join(' or ') : 'any command'}` });
        }
      }
    }
  });
  return problems;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces → hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let fence = false;
  for (const l of text.split('\n')) {
    if (l.startsWith('```')) fence = !fence;
    else if (!fence && /^#{1,6} /.test(l)) out.add(slug(l.replace(/^#+ /, '')));
    // An explicit HTML anchor (`<a id="x"></a>`) is a link target too, as GitHub renders it.
    if (!fence) for (const m of l.matchAll(/<a id="([^"]+)"><\/a>/g)) out.add(m[1]);
  }
  return out;
}

const PAGES = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('docs name only commands and flags the CLI has', () => {
  let help: Help;
  beforeAll(async () => {
    help = await readHelp();
  });

  it('reads every command and its flags from --help', () => {
    expect([...help.keys()].filter((c) => !c.includes(' ')).sort()).toEqual(Object.keys(COMMANDS).sort());
    expect(help.get('deploy')).toContain('--dry-run');
    expect(help.get('users add')).toContain('--password-stdin');
    expect(help.get('users add')).not.toContain('--password'); // hidden: it exists only to refuse a password given as a flag
    expect(help.get('groups list')).toContain('--json');
    expect(help.get('release')).toContain('--from-git');
  });

  it.each(PAGES)('%s', (page) => {
    const problems = checkPage(readFileSync(path.join(ROOT, page), 'utf8'), help);
    expect(problems.map((p) => `${page}:${p.line}: ${p.text}`)).toEqual([]);
  });

  // The comments of the files `lxp init` writes teach the CLI too (black-box review #8: groups.yaml
  // named `lxp users …` before that command existed).
  const TEMPLATE_FILES = readdirSync(path.join(ROOT, 'templates')).filter((f) => f.endsWith('.yaml')).map((f) => `templates/${f}`);
  it.each(TEMPLATE_FILES)('%s: its comments name only commands and flags the CLI has', (file) => {
    const comments = readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .map((l) => (/^\s*#/.test(l) ? l.replace(/^\s*#\s?/, '') : ''))
      .join('\n');
    expect(comments).toMatch(/`lxp \w/);
    expect(checkPage(comments, help).map((p) => `${file}:${p.line}: ${p.text}`)).toEqual([]);
  });

  it.each(PAGES)('%s: every link to a file of the repository (and its #anchor) resolves', (page) => {
    const text = readFileSync(path.join(ROOT, page), 'utf8');
    const broken: string[] = [];
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const [file, anchor] = m[1].split('#');
      if (/^[a-z]+:/.test(file)) continue; // https:, mailto:
      const target = file ? path.join(path.dirname(path.join(ROOT, page)), file) : path.join(ROOT, page);
      if (!existsSync(target)) broken.push(m[1]);
      else if (anchor && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) broken.push(m[1]);
    }
    expect(broken).toEqual([]);
  });

  it('catches a command or flag that does not exist', () => {
    const text = [
      '## `lxp release`',
      '| `--no-such-flag` | … |',
      'Run `lxp deploy --dry-run --frobnicate` or `lxp frob`.',
      'Then `lxp users add a@b.co --group Ops --strict` and `lxp users import x.csv --strict`, not `lxp users frob`.',
      '```sh',
      'lxp status --exit-code --json   # fine',
      'lxp pull --yes',
      '```',
    ].join('\n');
    expect(checkPage(text, help).map((p) => `${p.line}: ${p.text}`)).toEqual([
      '2: --no-such-flag is not a flag of lxp release',
      '3: --frobnicate is not a flag of lxp deploy',
      '3: "lxp frob" is not a command',
      '4: --strict is not a flag of lxp users add',
      '4: "lxp users frob" is not a command',
      '7: --yes is not a flag of lxp pull',
    ]);
  });
});
