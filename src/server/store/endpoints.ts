// Endpoints of every version, stored like views: one row per (version, endpoint id).
import type { Db } from './database.js';
import { StatementCache } from './statements.js';

export interface EndpointDoc {
  description: string;
  enabled: boolean;
  access: string;
  deviceIdTemplate?: string;
  endpointTags: Record<string, string>;
  experienceGroupIds: string[];
  staticReply?: { type: string; value: string; statusCode?: number } | null;
  unauthorizedReply?: { type: string; value: string; statusCode?: number } | null;
  createdById: string;
  createdByType: string;
  lastUpdatedById: string;
  lastUpdatedByType: string;
}

export interface EndpointRecord {
  appId: string;
  versionId: string;
  id: string;
  method: string;
  route: string;
  /** Creation order; what sortField=order sorts by. */
  ord: number;
  created: number;
  updated: number;
  doc: EndpointDoc;
}

interface EndpointRow {
  app_id: string;
  version_id: string;
  id: string;
  method: string;
  route: string;
  ord: number;
  created: number;
  updated: number;
  doc: string;
}

const fromRow = (r: EndpointRow): EndpointRecord => ({
  appId: r.app_id,
  versionId: r.version_id,
  id: r.id,
  method: r.method,
  route: r.route,
  ord: r.ord,
  created: r.created,
  updated: r.updated,
  doc: JSON.parse(r.doc) as EndpointDoc,
});

export class EndpointStore {
  private readonly st: StatementCache;
  constructor(db: Db) {
    this.st = new StatementCache(db);
  }

  /** All endpoints of a version in creation order (lists are small and sorted by the caller). */
  all(appId: string, versionId: string): EndpointRecord[] {
    return (
      this.st.get('SELECT * FROM endpoints WHERE app_id = ? AND version_id = ? ORDER BY ord, id').all(appId, versionId) as EndpointRow[]
    ).map(fromRow);
  }

  get(appId: string, versionId: string, id: string): EndpointRecord | undefined {
    const row = this.st
      .get('SELECT * FROM endpoints WHERE app_id = ? AND version_id = ? AND id = ?')
      .get(appId, versionId, id) as EndpointRow | undefined;
    return row && fromRow(row);
  }

  findByRoute(appId: string, versionId: string, method: string, route: string): EndpointRecord | undefined {
    const row = this.st
      .get('SELECT * FROM endpoints WHERE app_id = ? AND version_id = ? AND method = ? AND route = ?')
      .get(appId, versionId, method, route) as EndpointRow | undefined;
    return row && fromRow(row);
  }

  nextOrd(appId: string, versionId: string): number {
    const row = this.st
      .get('SELECT MAX(ord) AS m FROM endpoints WHERE app_id = ? AND version_id = ?')
      .get(appId, versionId) as { m: number | null };
    return (row.m ?? -1) + 1;
  }

  put(rec: EndpointRecord): void {
    this.st
      .get(
        `INSERT OR REPLACE INTO endpoints (app_id, version_id, id, method, route, ord, created, updated, doc)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(rec.appId, rec.versionId, rec.id, rec.method, rec.route, rec.ord, rec.created, rec.updated, JSON.stringify(rec.doc));
  }

  delete(appId: string, versionId: string, id: string): boolean {
    return this.st.get('DELETE FROM endpoints WHERE app_id = ? AND version_id = ? AND id = ?').run(appId, versionId, id).changes > 0;
  }

  /**
   * Changes whenever a row of the version is added, changed or removed (count and the newest
   * stamp of a monotonic clock): lets the experience runtime reuse what it built from them.
   */
  fingerprint(appId: string, versionId: string): string {
    const r = this.st
      .get('SELECT COUNT(*) AS n, MAX(updated) AS m FROM endpoints WHERE app_id = ? AND version_id = ?')
      .get(appId, versionId) as { n: number; m: number | null };
    return `${r.n}:${r.m ?? 0}`;
  }

  deleteVersion(appId: string, versionId: string): void {
    this.st.get('DELETE FROM endpoints WHERE app_id = ? AND version_id = ?').run(appId, versionId);
  }

  copyVersion(appId: string, fromVersionId: string, toVersionId: string): void {
    this.st
      .get(
        `INSERT INTO endpoints (app_id, version_id, id, method, route, ord, created, updated, doc)
         SELECT app_id, ?, id, method, route, ord, created, updated, doc
         FROM endpoints WHERE app_id = ? AND version_id = ?`,
      )
      .run(toVersionId, appId, fromVersionId);
  }
}
