// Views of every version. A version's views are rows with that version's id; ids are shared
// across versions, so a snapshot is a plain copy of develop's rows.
import type { Db } from './database.js';
import { StatementCache, type Page } from './statements.js';
import { globToLike } from '../glob.js';
import { VIEW_WIRE_FORMAT, viewJson, viewWireJson, type WireRow } from './view-wire.js';
import type { ViewDoc, ViewRecord, ViewType } from './view-record.js';
import { WireCache } from './wire-cache.js';

export type { ViewType, ViewDoc, ViewRecord } from './view-record.js';

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

const LAYOUT_JOIN = `LEFT JOIN views l ON l.app_id = v.app_id AND l.version_id = v.version_id
    AND l.id = v.layout_id AND l.view_type = 'layout' AND v.view_type = 'page'`;
const COLUMNS = 'v.app_id, v.version_id, v.id, v.view_type, v.name, v.layout_id, v.created, v.updated, v.doc';
const SELECT = `SELECT ${COLUMNS}, l.name AS layout_name FROM views v ${LAYOUT_JOIN}`;
/** Rows as [wire, layout_name] arrays (raw mode): what the API answers with, nothing parsed. */
const SELECT_WIRE = `SELECT v.wire, l.name AS layout_name FROM views v ${LAYOUT_JOIN}`;
const INSERT = `INSERT OR REPLACE INTO views (app_id, version_id, id, view_type, name, layout_id, created, updated, doc, wire, wire_format)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${VIEW_WIRE_FORMAT})`;
/** Rows as [id, updated, layout_name]: enough to find their JSON in the WireCache. */
const SELECT_STAMPS = `SELECT v.id, v.updated, l.name AS layout_name FROM views v ${LAYOUT_JOIN}`;

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
  private readonly wire = new WireCache();
  constructor(db: Db) {
    this.st = new StatementCache(db);
  }

  /** A page of views as the API's JSON (stored bytes and layout names, see listJson), and how many match. */
  listWire(appId: string, versionId: string, q: ViewListQuery): { items: WireRow[]; total: number } {
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
      .raw(`${SELECT_STAMPS} WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset) as Array<[string, number, string | null]>;
    const items = rows.map(([id, updated, layoutName]): WireRow => [this.#json(appId, versionId, id, updated), layoutName]);
    return { items, total };
  }

  /** A row's stored JSON, from memory when the row has not changed since it was last written or read. */
  #json(appId: string, versionId: string, id: string, updated: number): Buffer {
    const cached = this.wire.get(appId, versionId, id, updated);
    if (cached) return cached;
    const row = this.st
      .raw('SELECT wire, updated FROM views WHERE app_id = ? AND version_id = ? AND id = ?')
      .get(appId, versionId, id) as [Buffer, number];
    this.wire.set(appId, versionId, id, row[1], row[0]);
    return row[0];
  }

  /** One view as the API's JSON, or undefined. */
  getWire(appId: string, versionId: string, id: string): Buffer | undefined {
    const row = this.st.raw(`${SELECT_WIRE} WHERE v.app_id = ? AND v.version_id = ? AND v.id = ?`).get(appId, versionId, id) as
      | WireRow
      | undefined;
    return row && viewJson(row);
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

  /** The id of the view of that type and name, if there is one. */
  idByName(appId: string, versionId: string, viewType: ViewType, name: string): string | undefined {
    const row = this.st
      .get('SELECT id FROM views WHERE app_id = ? AND version_id = ? AND view_type = ? AND name = ?')
      .get(appId, versionId, viewType, name) as { id: string } | undefined;
    return row?.id;
  }

  /**
   * Inserts or replaces the row of (app, version, id), with the view's API JSON built once
   * here; returns that JSON (without layoutName, which the caller adds if it answers with it).
   */
  put(rec: ViewRecord): Buffer {
    const wire = viewWireJson(rec);
    this.st
      .get(INSERT)
      .run(rec.appId, rec.versionId, rec.id, rec.viewType, rec.name, rec.layoutId, rec.created, rec.updated, JSON.stringify(rec.doc), wire);
    this.wire.set(rec.appId, rec.versionId, rec.id, rec.updated, wire);
    return wire;
  }

  delete(appId: string, versionId: string, id: string): boolean {
    this.wire.delete(appId, versionId, id);
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
    this.wire.deleteVersion(appId, versionId);
    this.st.get('DELETE FROM views WHERE app_id = ? AND version_id = ?').run(appId, versionId);
  }

  /** Copies every view of one version into another, rows unchanged (same ids and stamps). */
  copyVersion(appId: string, fromVersionId: string, toVersionId: string): void {
    this.st
      .get(
        `INSERT INTO views (app_id, version_id, id, view_type, name, layout_id, created, updated, doc, wire, wire_format)
         SELECT app_id, ?, id, view_type, name, layout_id, created, updated, doc, wire, wire_format
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

/**
 * Rebuilds the stored API JSON of every view kept under another format than VIEW_WIRE_FORMAT
 * (a database written by an older lxp, or before the column existed). Runs when the database
 * opens; costs one scan of a small column when nothing is stale.
 */
export function refreshViewWire(db: Db): void {
  const stale = db.prepare(`SELECT ${COLUMNS}, NULL AS layout_name FROM views v WHERE v.wire_format IS NOT ?`).all(VIEW_WIRE_FORMAT) as ViewRow[];
  if (stale.length === 0) return;
  const update = db.prepare(`UPDATE views SET wire = ?, wire_format = ? WHERE app_id = ? AND version_id = ? AND id = ?`);
  db.transaction(() => {
    for (const r of stale) update.run(viewWireJson(fromRow(r)), VIEW_WIRE_FORMAT, r.app_id, r.version_id, r.id);
  })();
}
