// Experience users for the runtime: a token the local server issued (sign-in page) names a
// user of the application; the user comes from the store with its groups, shaped as the API
// shows users. A token from before the user's tokenCutoff, for another application, expired
// or forged, names nobody.
import type { ExperienceUser } from '../../render/context.js';
import { issueToken, verifyToken, type UserDirectory } from '../../runtime/index.js';
import type { Store } from '../store/index.js';
import type { StoredRecord } from '../store/records.js';
import { userToWire } from '../routes/users.js';
import { ancestorIds, type GroupDoc, type UserDoc } from '../routes/people-types.js';

export class SessionUsers {
  constructor(
    private readonly store: Store,
    private readonly secret: Buffer,
  ) {}

  /** The users of an application, as views see them. */
  list(appId: string): ExperienceUser[] {
    const groups = new Map(this.store.records.all<GroupDoc>('group', appId).map((g) => [g.id, g]));
    return this.store.records.all<UserDoc>('user', appId).map((u) => userToWire(u, groups) as ExperienceUser);
  }

  user(appId: string, id: string): ExperienceUser | undefined {
    const u = this.store.records.get<UserDoc>('user', appId, id);
    if (!u) return undefined;
    const groups = new Map(this.store.records.all<GroupDoc>('group', appId).map((g) => [g.id, g]));
    return userToWire(u, groups) as ExperienceUser;
  }

  byEmail(appId: string, email: string): StoredRecord<UserDoc> | undefined {
    return this.store.records.byUniqueKey<UserDoc>('user', `${appId}:${email.toLowerCase()}`);
  }

  tokenFor(appId: string, userId: string): string {
    return issueToken(this.secret, userId, appId);
  }

  /** The user a token names, if this server issued it for this application and it still holds. */
  userForToken(appId: string, token: string): ExperienceUser | undefined {
    const claims = verifyToken(this.secret, token);
    if (!claims || claims.app !== appId) return undefined;
    const u = this.store.records.get<UserDoc>('user', appId, claims.sub);
    if (!u) return undefined;
    if (u.doc.tokenCutoff !== undefined && claims.iat * 1000 < Date.parse(u.doc.tokenCutoff)) return undefined;
    return this.user(appId, u.id);
  }

  directory(appId: string): UserDirectory {
    return {
      userForToken: (token) => this.userForToken(appId, token),
      ancestorsOf: (groupId) => {
        const groups = new Map(this.store.records.all<GroupDoc>('group', appId).map((g) => [g.id, g]));
        const g = groups.get(groupId);
        return g ? ancestorIds(groups, g) : [];
      },
      devicesOf: (groupId) => this.store.records.get<GroupDoc>('group', appId, groupId)?.doc.deviceIds ?? [],
    };
  }
}
