// Where and why a JSON text does not parse, in words a person can act on: "line 4, column 3:
// unexpected "oops"" rather than V8's "position 23" (whose wording also differs between Node
// versions, and often has no position at all). JSON.parse stays the judge of what is valid;
// jsonc-parser (VS Code's JSON scanner, with comments and trailing commas refused) finds the spot.
import { parse as parseJsonc, ParseErrorCode, type ParseError } from 'jsonc-parser';

export interface JsonSyntaxError {
  line?: number;
  column?: number;
  message: string;
}

/** 1-based line and column (in characters) of a 0-based offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function shown(text: string, e: ParseError): string {
  const s = text.slice(e.offset, e.offset + Math.min(e.length, 20));
  return JSON.stringify(e.length > 20 ? `${s}…` : s);
}

function previousSignificant(text: string, offset: number): string {
  for (let i = offset - 1; i >= 0; i--) if (!/\s/.test(text[i]!)) return text[i]!;
  return '';
}

function describe(text: string, e: ParseError): string {
  switch (e.error) {
    case ParseErrorCode.InvalidSymbol:
      return text[e.offset] === "'" ? `unexpected ${shown(text, e)}: JSON strings use double quotes` : `unexpected ${shown(text, e)}`;
    case ParseErrorCode.PropertyNameExpected:
    case ParseErrorCode.ValueExpected:
      if (previousSignificant(text, e.offset) === ',') return 'a comma before a closing bracket is not allowed in JSON (trailing comma)';
      if (e.offset >= text.trimEnd().length) return 'the file ends before the JSON value is complete';
      return e.error === ParseErrorCode.ValueExpected ? 'expected a value' : 'expected a property name in double quotes';
    case ParseErrorCode.ColonExpected:
      return "expected ':' after the property name";
    case ParseErrorCode.CommaExpected:
      return "expected ',' between two entries (or a closing bracket)";
    case ParseErrorCode.CloseBraceExpected:
      return e.offset >= text.trimEnd().length ? "the file ends before the closing '}'" : "expected ',' or '}'";
    case ParseErrorCode.CloseBracketExpected:
      return e.offset >= text.trimEnd().length ? "the file ends before the closing ']'" : "expected ',' or ']'";
    case ParseErrorCode.EndOfFileExpected:
      return `unexpected ${shown(text, e)} after the end of the JSON value`;
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return 'comments are not allowed in JSON';
    case ParseErrorCode.UnexpectedEndOfString:
      return 'a string is not closed on its line (write a line break inside a string as \\n)';
    case ParseErrorCode.InvalidEscapeCharacter:
      return `invalid escape ${shown(text, e)} in a string`;
    case ParseErrorCode.InvalidUnicode:
      return `invalid unicode escape ${shown(text, e)}`;
    case ParseErrorCode.InvalidNumberFormat:
    case ParseErrorCode.UnexpectedEndOfNumber:
      return `invalid number ${shown(text, e)}`;
    case ParseErrorCode.InvalidCharacter:
      return 'a control character (such as a tab) inside a string must be escaped';
    default:
      return 'not valid JSON';
  }
}

/** Parses `text` as strict JSON; on failure, where (line, column) and what is wrong. */
export function parseJson(text: string): { value: unknown } | { error: JsonSyntaxError } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (first) return { error: { ...lineAndColumn(text, first.offset), message: describe(text, first) } };
    // The scanner accepted what JSON.parse refused: keep V8's words, and its position if it gave one.
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    return { error: { ...(at ? lineAndColumn(text, Number(at[1])) : {}), message: message.replace(/ in JSON at position \d+.*$/, '') } };
  }
}
