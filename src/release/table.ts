// A plain-text table for terminals and pipes. Piped (no width), nothing is ever cut: every cell is
// shown whole and columns are padded to the longest. On a terminal, a table wider than the screen
// gets its widest columns narrowed and their cells wrapped onto more lines — never cut.

/** `text` broken into lines of at most `width` characters, at spaces where possible. */
export function wrapText(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/(?<= )/)) {
    // A word longer than the column is split; everything else moves whole to the next line.
    for (let w = word; w.length > 0; ) {
      if (line.length + w.trimEnd().length <= width) {
        line += w;
        w = '';
      } else if (line.length > 0) {
        lines.push(line.trimEnd());
        line = '';
      } else {
        lines.push(w.slice(0, width));
        w = w.slice(width);
      }
    }
  }
  if (line.trimEnd().length) lines.push(line.trimEnd());
  return lines;
}

const GAP = '  ';

/** Rows (the first is the header) as lines; `width` is the terminal's, undefined when piped. */
export function renderTable(rows: string[][], width?: number): string[] {
  const columns = rows[0].length;
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((r) => r[i].length)));
  if (width !== undefined) {
    const available = width - GAP.length * (columns - 1);
    // Narrow the widest column, one character at a time: first down to its longest word (so
    // words stay whole), then, if that is not enough, down to its header (at least 10).
    const longestWord = (i: number) => Math.max(...rows.map((r) => Math.max(...r[i].split(' ').map((w) => w.length))));
    const floors = [rows[0].map((h, i) => Math.max(h.length, longestWord(i))), rows[0].map((h) => Math.max(h.length, 10))];
    for (const floor of floors) {
      while (widths.reduce((a, b) => a + b, 0) > available) {
        let widest = -1;
        for (let i = 0; i < columns; i++) if (widths[i] > floor[i] && (widest < 0 || widths[i] > widths[widest])) widest = i;
        if (widest < 0) break;
        widths[widest]--;
      }
    }
    // Still too wide: as narrow as it gets, the terminal wraps the rest.
  }
  const lines: string[] = [];
  for (const row of rows) {
    const cells = row.map((cell, i) => (width === undefined ? [cell] : wrapText(cell, widths[i])));
    const height = Math.max(...cells.map((c) => c.length));
    for (let l = 0; l < height; l++) {
      lines.push(
        cells
          .map((c, i) => (i === columns - 1 ? (c[l] ?? '') : (c[l] ?? '').padEnd(widths[i])))
          .join(GAP)
          .trimEnd(),
      );
    }
  }
  return lines;
}
