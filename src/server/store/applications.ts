// Applications the server knows. Only id and name: the rest of an application is out of scope.
import type { Db } from './database.js';
import { StatementCache } from './statements.js';

export interface ApplicationRecord {
  id: string;
  name: string;
  created: number;
  updated: number;
}

export class ApplicationStore {
  private readonly st: StatementCache;
  /** Applications found so far: they are never deleted, so every request need not ask SQLite. */
  private readonly known = new Set<string>();
  constructor(db: Db) {
    this.st = new StatementCache(db);
  }

  exists(id: string): boolean {
    if (this.known.has(id)) return true;
    if (!this.get(id)) return false;
    this.known.add(id);
    return true;
  }

  get(id: string): ApplicationRecord | undefined {
    return this.st.get('SELECT id, name, created, updated FROM applications WHERE id = ?').get(id) as ApplicationRecord | undefined;
  }

  put(rec: ApplicationRecord): void {
    this.st
      .get('INSERT OR REPLACE INTO applications (id, name, created, updated) VALUES (?, ?, ?, ?)')
      .run(rec.id, rec.name, rec.created, rec.updated);
  }

  all(): ApplicationRecord[] {
    return this.st.get('SELECT id, name, created, updated FROM applications ORDER BY created, id').all() as ApplicationRecord[];
  }
}
