// One plural() for every message: the count and the word in the number it takes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plural, pluralWord } from '../../src/project/plural.js';

describe('plural', () => {
  it('says the count with the word in its number, "s" by default, any plural given', () => {
    expect([0, 1, 2].map((n) => plural(n, 'view'))).toEqual(['0 views', '1 view', '2 views']);
    expect([1, 3].map((n) => plural(n, 'entry', 'entries'))).toEqual(['1 entry', '3 entries']);
    expect([1, 2].map((n) => pluralWord(n, 'that page', 'those pages'))).toEqual(['that page', 'those pages']);
  });

  it('is the only copy in src/ (the nine small ones it replaced differed in how they were called)', () => {
    const src = path.resolve(import.meta.dirname, '..', '..', 'src');
    const copies: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && p !== path.join(src, 'project', 'plural.ts') && /\b(?:const|function|let)\s+plural\b/.test(readFileSync(p, 'utf8'))) copies.push(path.relative(src, p));
      }
    };
    walk(src);
    expect(copies).toEqual([]);
  });
});
