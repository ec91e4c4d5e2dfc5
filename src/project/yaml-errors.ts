// The yaml library's errors as lxp reports them: "unreadable YAML: <what is wrong>", on the line
// where it is. One of its messages names a token of its own that is not in the file — the
// flow-error-end marker ("\u0018") its lexer emits where an unclosed `[` or `{` is given up on —
// so that one is said in words, naming the bracket that is never closed and its line.
import { CST, Lexer, type LineCounter, type YAMLError } from 'yaml';

export interface YamlProblem {
  line: number;
  message: string;
}

/** Each `[`/`{` the lexer gave up on, in order: the innermost one open at each flow-error-end. */
function unclosedBrackets(text: string): Array<{ char: string; offset: number }> {
  const out: Array<{ char: string; offset: number }> = [];
  let open: Array<{ char: string; offset: number }> = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'flow-seq-start' || type === 'flow-map-start') open.push({ char: token, offset });
    else if ((type === 'flow-seq-end' || type === 'flow-map-end') && open.length > 0) open.pop();
    else if (type === 'flow-error-end') {
      if (open.length > 0) out.push(open[open.length - 1]);
      open = [];
    }
    // The lexer's markers (document start, scalar, flow-error-end) are not text of the file.
    if (!(token.length === 1 && token < ' ' && token !== '\n' && token !== '\t' && token !== '\r')) offset += token.length;
  }
  return out;
}

/** The problems of a parsed document's `errors` (and warnings), in words, with their lines. */
export function yamlProblems(errors: YAMLError[], text: string, lineCounter: LineCounter): YamlProblem[] {
  let unclosed: ReturnType<typeof unclosedBrackets> | undefined;
  return errors.map((e) => {
    const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    if (!first.includes('flow-error-end')) return { line: e.linePos?.[0].line ?? 1, message: first };
    unclosed ??= unclosedBrackets(text);
    const bracket = unclosed.shift();
    if (!bracket) return { line: e.linePos?.[0].line ?? 1, message: 'a "[" or "{" above is never closed' };
    const { line, col } = lineCounter.linePos(bracket.offset);
    const what = bracket.char === '[' ? 'the list with "]"' : 'the mapping with "}"';
    return { line, message: `the "${bracket.char}" at line ${line}, column ${col} is never closed (end ${what}, or quote the text)` };
  });
}
