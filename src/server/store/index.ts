// The store: one database, one clock, and a repository per table. Routes run every write inside
// `tx()` so a request's changes commit together or not at all.
import { openDatabase, highestStamp, type Db } from './database.js';
import { ApplicationStore } from './applications.js';
import { VersionStore, type VersionRecord } from './versions.js';
import { ViewStore, refreshViewWire } from './views.js';
import { EndpointStore } from './endpoints.js';
import { RecordStore } from './records.js';
import { MonotonicClock } from '../clock.js';
import { newObjectId } from '../ids.js';

export const DEVELOP = 'develop';

/** Who the server records as creator/updater: requests carry one API token. */
export interface Actor {
  id: string;
  type: 'apiToken';
}

export class Store {
  readonly apps: ApplicationStore;
  readonly versions: VersionStore;
  readonly views: ViewStore;
  readonly endpoints: EndpointStore;
  readonly records: RecordStore;
  readonly clock: MonotonicClock;

  /** develop's id per application: it never changes (develop is never deleted or replaced). */
  private readonly developIds = new Map<string, string>();
  private readonly runTx: (fn: () => unknown) => unknown;

  private constructor(readonly db: Db) {
    refreshViewWire(db);
    // One transaction function for every request (creating one per call costs CPU each time).
    this.runTx = db.transaction((fn: () => unknown) => fn());
    this.apps = new ApplicationStore(db);
    this.versions = new VersionStore(db);
    this.views = new ViewStore(db);
    this.endpoints = new EndpointStore(db);
    this.records = new RecordStore(db);
    this.clock = new MonotonicClock(highestStamp(db));
  }

  /** `dataDir` undefined: an in-memory database (for tests). */
  static open(dataDir?: string): Store {
    return new Store(openDatabase(dataDir));
  }

  tx<T>(fn: () => T): T {
    return this.runTx(fn) as T;
  }

  /** develop of an application (created with the application, never deleted). */
  develop(appId: string): VersionRecord {
    const v = this.versions.byName(appId, DEVELOP);
    if (!v) throw new Error(`application ${appId} has no develop version`);
    return v;
  }

  /** develop's id, looked up once per application. */
  developId(appId: string): string {
    let id = this.developIds.get(appId);
    if (id === undefined) {
      id = this.develop(appId).id;
      this.developIds.set(appId, id);
    }
    return id;
  }

  /**
   * Creates the application when it does not exist yet, with what Losant gives every new
   * application's experience: a develop version and a slug equal to the application id.
   */
  ensureApplication(id: string, name: string | undefined, actor: Actor): void {
    this.tx(() => {
      const existing = this.apps.get(id);
      if (existing) {
        if (name !== undefined && name !== existing.name) {
          this.apps.put({ ...existing, name, updated: this.clock.next() });
        }
        return;
      }
      const now = this.clock.next();
      this.apps.put({ id, name: name ?? `Application ${id}`, created: now, updated: now });
      const who = { createdById: actor.id, createdByType: actor.type, lastUpdatedById: actor.id, lastUpdatedByType: actor.type };
      this.versions.put({
        appId: id,
        id: newObjectId(),
        name: DEVELOP,
        created: now,
        updated: now,
        doc: { description: '', ...who },
      });
      this.records.put({
        kind: 'slug',
        appId: id,
        id: newObjectId(),
        uniqueKey: id,
        created: now,
        updated: now,
        doc: { slug: id, version: DEVELOP },
      });
    });
  }

  close(): void {
    this.db.close();
  }
}
