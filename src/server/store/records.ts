// Slugs, domains, users and groups: unversioned and few per application, kept as JSON
// documents. `uniqueKey` is what the kind must keep unique (see database.ts).
import type { Db } from './database.js';
import { StatementCache } from './statements.js';

export type RecordKind = 'slug' | 'domain' | 'user' | 'group';

export interface StoredRecord<D> {
  kind: RecordKind;
  appId: string;
  id: string;
  uniqueKey: string | null;
  created: number;
  updated: number;
  doc: D;
}

interface RecordRow {
  kind: RecordKind;
  app_id: string;
  id: string;
  unique_key: string | null;
  created: number;
  updated: number;
  doc: string;
}

function fromRow<D>(r: RecordRow): StoredRecord<D> {
  return {
    kind: r.kind,
    appId: r.app_id,
    id: r.id,
    uniqueKey: r.unique_key,
    created: r.created,
    updated: r.updated,
    doc: JSON.parse(r.doc) as D,
  };
}

export class RecordStore {
  private readonly st: StatementCache;
  constructor(db: Db) {
    this.st = new StatementCache(db);
  }

  all<D>(kind: RecordKind, appId: string): StoredRecord<D>[] {
    return (
      this.st.get('SELECT * FROM records WHERE kind = ? AND app_id = ? ORDER BY created, id').all(kind, appId) as RecordRow[]
    ).map((r) => fromRow<D>(r));
  }

  get<D>(kind: RecordKind, appId: string, id: string): StoredRecord<D> | undefined {
    const row = this.st.get('SELECT * FROM records WHERE kind = ? AND app_id = ? AND id = ?').get(kind, appId, id) as
      | RecordRow
      | undefined;
    return row && fromRow<D>(row);
  }

  /** The record holding a unique key, in any application (slugs and domains are global). */
  byUniqueKey<D>(kind: RecordKind, key: string): StoredRecord<D> | undefined {
    const row = this.st.get('SELECT * FROM records WHERE kind = ? AND unique_key = ?').get(kind, key) as RecordRow | undefined;
    return row && fromRow<D>(row);
  }

  put<D>(rec: StoredRecord<D>): void {
    this.st
      .get('INSERT OR REPLACE INTO records (kind, app_id, id, unique_key, created, updated, doc) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(rec.kind, rec.appId, rec.id, rec.uniqueKey, rec.created, rec.updated, JSON.stringify(rec.doc));
  }

  delete(kind: RecordKind, appId: string, id: string): boolean {
    return this.st.get('DELETE FROM records WHERE kind = ? AND app_id = ? AND id = ?').run(kind, appId, id).changes > 0;
  }
}
