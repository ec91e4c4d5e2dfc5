// Prepared statements cached by their SQL text: list queries are assembled from a few
// whitelisted pieces (sort column, filters), so each shape is prepared once and reused.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

export class StatementCache {
  private readonly cache = new Map<string, Statement>();
  private readonly rawCache = new Map<string, Statement>();
  constructor(private readonly db: Db) {}

  get(sql: string): Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  /** The same, answering rows as arrays of column values (no object per row). */
  raw(sql: string): Statement {
    let st = this.rawCache.get(sql);
    if (!st) {
      st = this.db.prepare(sql).raw(true);
      this.rawCache.set(sql, st);
    }
    return st;
  }
}

export type SortDirection = 'asc' | 'desc';

/** Paging and ordering of a list query, already validated. */
export interface Page {
  offset: number;
  limit: number;
  direction: SortDirection;
}
