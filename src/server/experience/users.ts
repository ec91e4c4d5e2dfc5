// Experience users for the runtime: a token the local server issued (sign-in page) names a
// user of the application; the user comes from the store with its groups, shaped as the API
// shows users. A token from before the user's tokenCutoff, for another application, expired
// or forged, names nobody.
import type { ExperienceUser } from '../../render/context.js';
import { issueToken, verifyToken, type UserDirectory } from '../../runtime/index.js';
import type { Store } from '../store/index.js';
import { userToWire } from '../routes/users.js';
import { ancestorIds, selfAndDescendants, type GroupDoc, type UserDoc } from '../routes/people-types.js';
import type { SignInUsers } from './sign-in.js';

/** A group as the development sign-in and `lxp dev`'s access rules need it. */
export interface LocalGroup {
  id: string;
  name: string;
  parentId: string | null;
  deviceIds: string[];
}

/** One application's experience users and groups on the local server, and sign-in tokens for them. */
export interface ApplicationUsers extends SignInUsers {
  groups(): LocalGroup[];
  /** The users' directory for the runtime, with the server's group tree. */
  directory(): UserDirectory;
}

export class SessionUsers {
  constructor(
    private readonly store: Store,
    private readonly secret: Buffer,
  ) {}

  private groupMap(appId: string) {
    return new Map(this.store.records.all<GroupDoc>('group', appId).map((g) => [g.id, g]));
  }

  /** The users of an application, as views see them. */
  list(appId: string): ExperienceUser[] {
    const groups = this.groupMap(appId);
    return this.store.records.all<UserDoc>('user', appId).map((u) => userToWire(u, groups) as ExperienceUser);
  }

  user(appId: string, id: string): ExperienceUser | undefined {
    const u = this.store.records.get<UserDoc>('user', appId, id);
    return u ? (userToWire(u, this.groupMap(appId)) as ExperienceUser) : undefined;
  }

  byEmail(appId: string, email: string): ExperienceUser | undefined {
    const u = this.store.records.byUniqueKey<UserDoc>('user', `${appId}:${email.toLowerCase()}`);
    return u ? this.user(appId, u.id) : undefined;
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

  groups(appId: string): LocalGroup[] {
    return this.store.records.all<GroupDoc>('group', appId).map((g) => ({ id: g.id, name: g.doc.name, parentId: g.doc.parentId, deviceIds: [...g.doc.deviceIds] }));
  }

  directory(appId: string): UserDirectory {
    return {
      userForToken: (token) => this.userForToken(appId, token),
      ancestorsOf: (groupId) => {
        const groups = this.groupMap(appId);
        const g = groups.get(groupId);
        return g ? ancestorIds(groups, g) : [];
      },
      // Losant associates a group's members with its descendants' devices too.
      devicesOf: (groupId) => {
        const groups = this.groupMap(appId);
        if (!groups.has(groupId)) return [];
        return [...selfAndDescendants(groups, groupId)].flatMap((id) => groups.get(id)?.doc.deviceIds ?? []);
      },
    };
  }

  /** The same, bound to one application. */
  forApplication(appId: string): ApplicationUsers {
    return {
      list: () => this.list(appId),
      user: (id) => this.user(appId, id),
      byEmail: (email) => this.byEmail(appId, email),
      tokenFor: (userId) => this.tokenFor(appId, userId),
      userForToken: (token) => this.userForToken(appId, token),
      groups: () => this.groups(appId),
      directory: () => this.directory(appId),
    };
  }
}
