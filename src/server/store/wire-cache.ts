// The stored API JSON of views, also kept in memory: a list of 1000 views then reads only ids,
// stamps and layout names from SQLite (~1 ms) instead of 1000 blobs of ~2 KB (~4 ms, measured
// with bench/lib/server-cpu.js). An entry is used only while its `updated` stamp is the row's:
// every write of a view takes a new stamp from the store's clock, so a stale entry (a write
// rolled back, a row deleted or copied) is never served, only read again from the database.

interface Entry {
  updated: number;
  json: Buffer;
}

/** Beyond this many entries the cache starts over (rows of deleted versions are never read again). */
const MAX_ENTRIES = 200_000;

export class WireCache {
  /** `${appId}/${versionId}` → view id → entry. */
  private readonly versions = new Map<string, Map<string, Entry>>();
  private size = 0;

  private version(appId: string, versionId: string, create: true): Map<string, Entry>;
  private version(appId: string, versionId: string, create: false): Map<string, Entry> | undefined;
  private version(appId: string, versionId: string, create: boolean): Map<string, Entry> | undefined {
    const key = `${appId}/${versionId}`;
    let m = this.versions.get(key);
    if (!m && create) {
      m = new Map();
      this.versions.set(key, m);
    }
    return m;
  }

  /** The JSON of the row with this stamp, if it is what the cache holds. */
  get(appId: string, versionId: string, id: string, updated: number): Buffer | undefined {
    const e = this.version(appId, versionId, false)?.get(id);
    return e !== undefined && e.updated === updated ? e.json : undefined;
  }

  set(appId: string, versionId: string, id: string, updated: number, json: Buffer): void {
    if (this.size >= MAX_ENTRIES) this.clear();
    const m = this.version(appId, versionId, true);
    if (!m.has(id)) this.size++;
    m.set(id, { updated, json });
  }

  delete(appId: string, versionId: string, id: string): void {
    if (this.version(appId, versionId, false)?.delete(id)) this.size--;
  }

  deleteVersion(appId: string, versionId: string): void {
    const m = this.version(appId, versionId, false);
    if (!m) return;
    this.size -= m.size;
    this.versions.delete(`${appId}/${versionId}`);
  }

  clear(): void {
    this.versions.clear();
    this.size = 0;
  }
}
