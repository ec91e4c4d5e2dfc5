// The stored API JSON of views, also kept in memory: a list of 1000 views then reads only ids,
// stamps and layout names from SQLite (~1 ms) instead of 1000 blobs of ~2 KB (~4 ms, measured
// with bench/lib/server-cpu.js). An entry is used only while its `updated` stamp is the row's:
// every write of a view takes a new stamp from the store's clock, so a stale entry (a write
// rolled back, a row deleted or copied) is never served, only read again from the database.

interface Entry {
  updated: number;
  json: Buffer;
}

/**
 * Beyond this many bytes of JSON the cache starts over: it holds every view read or written, of
 * develop and of each version read, and rows of deleted versions are never read again.
 */
export const WIRE_CACHE_MAX_BYTES = 64 * 1024 * 1024;

export class WireCache {
  /** `${appId}/${versionId}` → view id → entry. */
  private readonly versions = new Map<string, Map<string, Entry>>();
  private bytes = 0;

  constructor(private readonly maxBytes = WIRE_CACHE_MAX_BYTES) {}

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
    if (this.bytes + json.length > this.maxBytes) this.clear();
    const m = this.version(appId, versionId, true);
    this.bytes += json.length - (m.get(id)?.json.length ?? 0);
    m.set(id, { updated, json });
  }

  delete(appId: string, versionId: string, id: string): void {
    const m = this.version(appId, versionId, false);
    const e = m?.get(id);
    if (!e) return;
    m!.delete(id);
    this.bytes -= e.json.length;
  }

  deleteVersion(appId: string, versionId: string): void {
    const m = this.version(appId, versionId, false);
    if (!m) return;
    for (const e of m.values()) this.bytes -= e.json.length;
    this.versions.delete(`${appId}/${versionId}`);
  }

  clear(): void {
    this.versions.clear();
    this.bytes = 0;
  }
}
