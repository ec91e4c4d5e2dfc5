// The server's embedded database: one SQLite file through better-sqlite3.
//
// Durability: WAL journal with synchronous=NORMAL. A transaction is committed once its WAL frames
// are written to the file (the OS page cache); the response is sent only after that, so an
// answered write survives the server process dying, kill -9 included. What NORMAL gives up
// against FULL is an fsync per commit: after a power cut or kernel crash the last few commits
// may roll back (the file never corrupts). That trade keeps thousands of writes per second
// possible for the benchmarks; a local development server does not need power-loss durability.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirSync } from '../../project/make-dir.js';

export type Db = Database.Database;

/** The database file inside a --data folder. */
export const DATABASE_FILE = 'lxp-server.sqlite';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
  );
  CREATE TABLE versions (
    app_id TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (app_id, id),
    UNIQUE (app_id, name)
  );
  CREATE TABLE views (
    app_id TEXT NOT NULL,
    version_id TEXT NOT NULL,
    id TEXT NOT NULL,
    view_type TEXT NOT NULL,
    name TEXT NOT NULL,
    layout_id TEXT,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (app_id, version_id, id),
    UNIQUE (app_id, version_id, view_type, name)
  );
  CREATE INDEX views_by_name ON views (app_id, version_id, name, id);
  CREATE INDEX views_by_created ON views (app_id, version_id, created, id);
  CREATE INDEX views_by_updated ON views (app_id, version_id, updated, id);
  CREATE INDEX views_by_layout ON views (app_id, version_id, layout_id);
  CREATE TABLE endpoints (
    app_id TEXT NOT NULL,
    version_id TEXT NOT NULL,
    id TEXT NOT NULL,
    method TEXT NOT NULL,
    route TEXT NOT NULL,
    ord INTEGER NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (app_id, version_id, id),
    UNIQUE (app_id, version_id, method, route)
  );
  CREATE INDEX endpoints_by_ord ON endpoints (app_id, version_id, ord);
  -- Slugs, domains, users and groups: few per application, not versioned. unique_key holds what
  -- must be unique (a slug or domain name across the server, an email per application).
  CREATE TABLE records (
    kind TEXT NOT NULL,
    app_id TEXT NOT NULL,
    id TEXT NOT NULL,
    unique_key TEXT,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (kind, id),
    UNIQUE (kind, unique_key)
  );
  CREATE INDEX records_by_app ON records (kind, app_id, created, id);
  `,
  // A view's API JSON, built when it is written (store/view-wire.ts); rows of a database
  // written before this migration get theirs from refreshViewWire() when it opens.
  `
  ALTER TABLE views ADD COLUMN wire BLOB;
  ALTER TABLE views ADD COLUMN wire_format INTEGER NOT NULL DEFAULT 0;
  `,
];

/** Opens (and migrates) the database in `dataDir`, or an in-memory one when it is undefined. */
export function openDatabase(dataDir?: string): Db {
  let db: Db;
  if (dataDir === undefined) {
    db = new Database(':memory:');
  } else {
    // The folders lxp makes for it (with `.lxp/` when it is `.lxp/server`) are the server's alone; an existing one keeps its mode.
    makeDirSync(dataDir, { private: true });
    const file = join(dataDir, DATABASE_FILE);
    ownerOnly(file);
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  }
  migrate(db);
  return db;
}

/**
 * The database holds experience users' password hashes: it is made (and an existing one, with
 * its -wal and -shm files, tightened to) 0600, like the session secret beside it. SQLite makes
 * the -wal and -shm files with the database file's mode, so creating the file first — empty is
 * a valid new database — covers them too.
 */
function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, 0o600);
    } catch (err) {
      // Absent, or another account's file (its owner decides).
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw err;
    }
  }
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** The highest timestamp any row carries, so a restarted clock never goes back. */
export function highestStamp(db: Db): number {
  const row = db
    .prepare(
      `SELECT MAX(m) AS m FROM (
         SELECT MAX(updated) AS m FROM applications UNION ALL
         SELECT MAX(updated) FROM versions UNION ALL
         SELECT MAX(updated) FROM views UNION ALL
         SELECT MAX(updated) FROM endpoints UNION ALL
         SELECT MAX(updated) FROM records)`,
    )
    .get() as { m: number | null };
  return row.m ?? 0;
}

/** True when an error is SQLite refusing a duplicate in a UNIQUE index. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
