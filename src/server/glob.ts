// The `filter` query parameter is a glob over one field: `*` any run of characters, `?` one
// character, everything else literal. Matching ignores ASCII case, like SQLite's LIKE.

/** The glob as a SQL LIKE pattern, for use with ESCAPE '\'. */
export function globToLike(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '%';
    else if (ch === '?') out += '_';
    else if (ch === '%' || ch === '_' || ch === '\\') out += '\\' + ch;
    else out += ch;
  }
  return out;
}

/**
 * The glob as an anchored, case-insensitive regular expression (for lists filtered in memory).
 * Only syntax characters are escaped: with the `u` flag an identity escape such as `\-` is an error.
 */
export function globToRegExp(glob: string): RegExp {
  let src = '';
  for (const ch of glob) {
    if (ch === '*') src += '[\\s\\S]*';
    else if (ch === '?') src += '[\\s\\S]';
    else src += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'iu');
}
