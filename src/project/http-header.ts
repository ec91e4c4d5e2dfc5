// What an HTTP/1.1 response header can carry, in the words lxp reports it with. One rule for the
// folder's validation of experience.yaml's responseHeaders and for the runtime that sends them
// (lxp dev, preview, server): the same tests Node's http module makes before it writes a header
// (validateHeaderName / validateHeaderValue), so that what passes here is never refused there.

/** RFC 9110's token: the characters a header name may have. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Anything but tab, visible ASCII, space and Latin-1's upper half: line breaks, controls, DEL, code points past U+00FF. */
const NOT_IN_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** Why `name` cannot be a header name, or undefined when it can. */
export function headerNameProblem(name: string): string | undefined {
  if (TOKEN.test(name)) return undefined;
  if (name === '') return 'a header name cannot be empty';
  const bad = [...name].find((c) => !TOKEN.test(c))!;
  return `the header name "${name}" has ${describeChar(bad)}: a header name is letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ only`;
}

/** Why `value` cannot be a header value, or undefined when it can. */
export function headerValueProblem(value: string): string | undefined {
  const bad = NOT_IN_VALUE.exec(value)?.[0];
  if (bad === undefined) return undefined;
  return `the value has ${describeChar(bad)}, which HTTP cannot carry in a header (only tab, printable characters and Latin-1 letters)`;
}

function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (c === '\r' || c === '\n') return 'a line break';
  const code = c.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code < 0x20 || code === 0x7f) return `a control character (${hex})`;
  if (code > 0xff) return `"${c}" (${hex})`;
  return `"${c}"`;
}
