// Views of every version. A version's views are rows with that version's id; ids are shared
// across versions, so a snapshot is a plain copy of develop's rows.
import type { Db } from './database.js';
import { StatementCache, type Page } from './statements.js';
import { globToLike } from '../glob.js';

export type ViewType = 'layout' | 'page' | 'component';

/** The fields kept as JSON (never filtered or sorted on). */
export interface ViewDoc {
  description: string;
  body: string;
  viewTags: Record<string, string>;
  headers?: { 'content-type'?: string };
  createdById: string;
  createdByType: string;
  lastUpdatedById: string;
  lastUpdatedByType: string;
}

export interface ViewRecord {
  appId: string;
  versionId: string;
  id: string;
  viewType: ViewType;
  name: string;
  layoutId: string | null;
  created: number;
  updated: number;
  doc: ViewDoc;
  /** Name of the layout layoutId points at in the same version, when it exists. */
  layoutName?: string;
}

interface ViewRow {
  app_id: string;
  version_id: string;
  id: string;
  view_type: ViewType;
  name: string;
  layout_id: string | null;
  created: number;
  updated: number;
  doc: string;
  layout_name: string | null;
}

export const VIEW_SORT_COLUMNS = { name: 'name', id: 'id', creationDate: 'created', lastUpdated: 'updated' } as const;
export type ViewSortField = keyof typeof VIEW_SORT_COLUMNS;

export interface ViewListQuery extends Page {
  sortField: ViewSortField;
  viewType?: ViewType;
  nameGlob?: string;
}

const SELECT = `SELECT v.*, l.name AS layout_name FROM views v
  LEFT JOIN views l ON l.app_id = v.app_id AND l.version_id = v.version_id
    AND l.id = v.layout_id AND l.view_type = 'layout'`;

function fromRow(r: ViewRow): ViewRecord {
  const rec: ViewRecord = {
    appId: r.app_id,
    versionId: r.version_id,
    id: r.id,
    viewType: r.view_type,
    name: r.name,
    layoutId: r.layout_id,
    created: r.created,
    updated: r.updated,
    doc: JSON.parse(r.doc) as ViewDoc,
  };
  if (r.layout_name !== null) rec.layoutName = r.layout_name;
  return rec;
}

export class ViewStore {
  private readonly st: StatementCache;
  constructor(db: Db) {
    this.st = new StatementCache(db);
  }

  list(appId: string, versionId: string, q: ViewListQuery): { items: ViewRecord[]; total: number } {
    let where = 'v.app_id = ? AND v.version_id = ?';
    const args: unknown[] = [appId, versionId];
    if (q.viewType) {
      where += ' AND v.view_type = ?';
      args.push(q.viewType);
    }
    if (q.nameGlob) {
      where += " AND v.name LIKE ? ESCAPE '\\'";
      args.push(globToLike(q.nameGlob));
    }
    const col = VIEW_SORT_COLUMNS[q.sortField];
    const dir = q.direction === 'desc' ? 'DESC' : 'ASC';
    const order = col === 'id' ? `v.id ${dir}` : `v.${col} ${dir}, v.id ${dir}`;
    const total = (this.st.get(`SELECT COUNT(*) AS n FROM views v WHERE ${where}`).get(...args) as { n: number }).n;
    const rows = this.st
      .get(`${SELECT} WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset) as ViewRow[];
    return { items: rows.map(fromRow), total };
  }

  all(appId: string, versionId: string): ViewRecord[] {
    const rows = this.st
      .get(`${SELECT} WHERE v.app_id = ? AND v.version_id = ? ORDER BY v.id`)
      .all(appId, versionId) as ViewRow[];
    return rows.map(fromRow);
  }

  get(appId: string, versionId: string, id: string): ViewRecord | undefined {
    const row = this.st.get(`${SELECT} WHERE v.app_id = ? AND v.version_id = ? AND v.id = ?`).get(appId, versionId, id) as
      | ViewRow
      | undefined;
    return row && fromRow(row);
  }

  findByName(appId: string, versionId: string, viewType: ViewType, name: string): ViewRecord | undefined {
    const row = this.st
      .get(`${SELECT} WHERE v.app_id = ? AND v.version_id = ? AND v.view_type = ? AND v.name = ?`)
      .get(appId, versionId, viewType, name) as ViewRow | undefined;
    return row && fromRow(row);
  }

  /** Inserts or replaces the row of (app, version, id). */
  put(rec: ViewRecord): void {
    this.st
      .get(
        `INSERT OR REPLACE INTO views (app_id, version_id, id, view_type, name, layout_id, created, updated, doc)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(rec.appId, rec.versionId, rec.id, rec.viewType, rec.name, rec.layoutId, rec.created, rec.updated, JSON.stringify(rec.doc));
  }

  delete(appId: string, versionId: string, id: string): boolean {
    return this.st.get('DELETE FROM views WHERE app_id = ? AND version_id = ? AND id = ?').run(appId, versionId, id).changes > 0;
  }

  /**
   * Changes whenever a row of the version is added, changed or removed (count and the newest
   * stamp of a monotonic clock): lets the experience runtime reuse what it built from them.
   */
  fingerprint(appId: string, versionId: string): string {
    const r = this.st
      .get('SELECT COUNT(*) AS n, MAX(updated) AS m FROM views WHERE app_id = ? AND version_id = ?')
      .get(appId, versionId) as { n: number; m: number | null };
    return `${r.n}:${r.m ?? 0}`;
  }

  deleteVersion(appId: string, versionId: string): void {
    this.st.get('DELETE FROM views WHERE app_id = ? AND version_id = ?').run(appId, versionId);
  }

  /** Copies every view of one version into another, rows unchanged (same ids and stamps). */
  copyVersion(appId: string, fromVersionId: string, toVersionId: string): void {
    this.st
      .get(
        `INSERT INTO views (app_id, version_id, id, view_type, name, layout_id, created, updated, doc)
         SELECT app_id, ?, id, view_type, name, layout_id, created, updated, doc
         FROM views WHERE app_id = ? AND version_id = ?`,
      )
      .run(toVersionId, appId, fromVersionId);
  }

  countUsingLayout(appId: string, versionId: string, layoutId: string): number {
    return (
      this.st
        .get('SELECT COUNT(*) AS n FROM views WHERE app_id = ? AND version_id = ? AND layout_id = ?')
        .get(appId, versionId, layoutId) as { n: number }
    ).n;
  }
}
