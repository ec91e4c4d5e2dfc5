// Versions: a name, a description and the settings a snapshot freezes besides its views and
// endpoints (globals, CORS, replies, response headers).
import type { Db } from './database.js';
import { StatementCache, type Page } from './statements.js';
import { globToLike } from '../glob.js';

export interface VersionDoc {
  description: string;
  endpointDefaultCors?: boolean;
  allowedCorsOrigins?: string[];
  globals?: Array<{ key: string; json: string; description?: string }>;
  notFoundReply?: unknown;
  unauthorizedReply?: unknown;
  responseHeaders?: Record<string, string>;
  createdById: string;
  createdByType: string;
  lastUpdatedById: string;
  lastUpdatedByType: string;
}

export interface VersionRecord {
  appId: string;
  id: string;
  name: string;
  created: number;
  updated: number;
  doc: VersionDoc;
}

interface VersionRow {
  app_id: string;
  id: string;
  name: string;
  created: number;
  updated: number;
  doc: string;
}

export const VERSION_SORT_COLUMNS = { version: 'name', id: 'id', creationDate: 'created', lastUpdated: 'updated' } as const;
export type VersionSortField = keyof typeof VERSION_SORT_COLUMNS;

const fromRow = (r: VersionRow): VersionRecord => ({
  appId: r.app_id,
  id: r.id,
  name: r.name,
  created: r.created,
  updated: r.updated,
  doc: JSON.parse(r.doc) as VersionDoc,
});

export class VersionStore {
  private readonly st: StatementCache;
  constructor(db: Db) {
    this.st = new StatementCache(db);
  }

  list(appId: string, q: Page & { sortField: VersionSortField; nameGlob?: string }): { items: VersionRecord[]; total: number } {
    let where = 'app_id = ?';
    const args: unknown[] = [appId];
    if (q.nameGlob) {
      where += " AND name LIKE ? ESCAPE '\\'";
      args.push(globToLike(q.nameGlob));
    }
    const col = VERSION_SORT_COLUMNS[q.sortField];
    const dir = q.direction === 'desc' ? 'DESC' : 'ASC';
    const order = col === 'id' ? `id ${dir}` : `${col} ${dir}, id ${dir}`;
    const total = (this.st.get(`SELECT COUNT(*) AS n FROM versions WHERE ${where}`).get(...args) as { n: number }).n;
    const rows = this.st
      .get(`SELECT * FROM versions WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset) as VersionRow[];
    return { items: rows.map(fromRow), total };
  }

  byName(appId: string, name: string): VersionRecord | undefined {
    const row = this.st.get('SELECT * FROM versions WHERE app_id = ? AND name = ?').get(appId, name) as VersionRow | undefined;
    return row && fromRow(row);
  }

  byId(appId: string, id: string): VersionRecord | undefined {
    const row = this.st.get('SELECT * FROM versions WHERE app_id = ? AND id = ?').get(appId, id) as VersionRow | undefined;
    return row && fromRow(row);
  }

  put(rec: VersionRecord): void {
    this.st
      .get('INSERT OR REPLACE INTO versions (app_id, id, name, created, updated, doc) VALUES (?, ?, ?, ?, ?, ?)')
      .run(rec.appId, rec.id, rec.name, rec.created, rec.updated, JSON.stringify(rec.doc));
  }

  delete(appId: string, id: string): void {
    this.st.get('DELETE FROM versions WHERE app_id = ? AND id = ?').run(appId, id);
  }

  all(appId: string): VersionRecord[] {
    return (this.st.get('SELECT * FROM versions WHERE app_id = ? ORDER BY created, id').all(appId) as VersionRow[]).map(fromRow);
  }
}
