// /experience/users: experience users. Emails are unique per application (case-insensitive);
// passwords are stored as scrypt hashes and never returned.
import type { FastifyInstance } from 'fastify';
import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { EXPERIENCE, SUCCESS, appIdOf, param, type ServerContext } from '../context.js';
import { alreadyExists, notFound, validationError } from '../errors.js';
import { iso } from '../clock.js';
import { newObjectId } from '../ids.js';
import { validateBody } from '../validate.js';
import { listEcho, parseListQuery, queryString, sortAndPage, type Query } from '../list-query.js';
import { globToRegExp } from '../glob.js';
import type { StoredRecord } from '../store/records.js';
import { ancestorIds, type GroupRecord, type UserDoc } from './people-types.js';

const SORT_FIELDS = ['firstName', 'lastName', 'email', 'id', 'creationDate', 'lastLogin', 'lastUpdated'] as const;

interface UserBody {
  email?: string;
  firstName?: string;
  lastName?: string;
  password?: string;
  tokenCutoff?: string;
  userTags?: Record<string, string>;
  experienceGroupIds?: string[];
}

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/**
 * scrypt (Node's defaults, ~50 ms of CPU) on libuv's thread pool: an import of hundreds of users
 * hashes on several cores, and the server keeps answering other requests meanwhile.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await scryptAsync(password, salt, 32)).toString('base64')}`;
}

const userKey = (appId: string, email: string) => `${appId}:${email.toLowerCase()}`;

/** A user as the API answers with it (and as experience.user shows it to views). */
export function userToWire(u: StoredRecord<UserDoc>, groups: Map<string, GroupRecord>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: u.id,
    experienceUserId: u.id,
    applicationId: u.appId,
    creationDate: iso(u.created),
    lastUpdated: iso(u.updated),
    passwordLastUpdated: iso(u.doc.passwordLastUpdated),
    email: u.doc.email,
    firstName: u.doc.firstName,
    lastName: u.doc.lastName,
    userTags: u.doc.userTags,
    experienceGroups: u.doc.experienceGroupIds
      .filter((id) => groups.has(id))
      .map((id) => ({ id, name: groups.get(id)!.doc.name, parentId: groups.get(id)!.doc.parentId })),
  };
  if (u.doc.tokenCutoff !== undefined) out.tokenCutoff = u.doc.tokenCutoff;
  return out;
}

export function registerUserRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { store } = ctx;

  function groupsOf(appId: string): Map<string, GroupRecord> {
    return new Map(store.records.all<GroupRecord['doc']>('group', appId).map((g) => [g.id, g]));
  }

  function checkGroups(appId: string, ids: string[] | undefined): string[] | undefined {
    if (!ids) return undefined;
    const groups = groupsOf(appId);
    ids.forEach((id, i) => {
      if (!groups.has(id.toLowerCase())) throw validationError(`experienceUser.experienceGroupIds[${i}] names no experience group`);
    });
    return [...new Set(ids.map((id) => id.toLowerCase()))];
  }

  function checkEmailFree(appId: string, email: string, selfId?: string): void {
    const clash = store.records.byUniqueKey('user', userKey(appId, email));
    if (clash && clash.id !== selfId) throw alreadyExists(`An experience user with the email "${email}" already exists`);
  }

  function requireUser(appId: string, id: string): StoredRecord<UserDoc> {
    const u = store.records.get<UserDoc>('user', appId, id);
    if (!u) throw notFound('Experience user was not found');
    return u;
  }

  app.get(`${EXPERIENCE}/users`, async (req) => {
    const appId = appIdOf(req);
    const query = req.query as Query;
    const q = parseListQuery(query, SORT_FIELDS, 'email', ['firstName', 'lastName', 'email'] as const);
    const groups = groupsOf(appId);
    let users = store.records.all<UserDoc>('user', appId);
    if (q.filterField && q.filter) {
      const re = globToRegExp(q.filter);
      const field = q.filterField;
      users = users.filter((u) => re.test(u.doc[field]));
    }
    const groupId = queryString(query, 'experienceGroupId')?.toLowerCase();
    // Losant's two special values: `any` (in at least one group) and `none` (in no group).
    const inSomeGroup = (u: StoredRecord<UserDoc>) => u.doc.experienceGroupIds.some((g) => groups.has(g));
    if (groupId === 'any') users = users.filter(inSomeGroup);
    else if (groupId === 'none') users = users.filter((u) => !inSomeGroup(u));
    else if (groupId) {
      // includeAncestorGroups: also the members of the group's parent, its parent, and so on —
      // Losant counts them as members of the group (they reach its devices and endpoints).
      const withAncestors = ['true', '1'].includes(queryString(query, 'includeAncestorGroups') ?? '');
      const group = groups.get(groupId);
      const wanted = new Set([groupId, ...(withAncestors && group ? ancestorIds(groups, group) : [])]);
      users = users.filter((u) => u.doc.experienceGroupIds.some((g) => wanted.has(g)));
    }
    const key = (u: StoredRecord<UserDoc>): string | number | undefined => {
      switch (q.sortField) {
        case 'creationDate': return u.created;
        case 'lastUpdated': return u.updated;
        case 'lastLogin': return 0; // nobody logs in to the local server
        case 'id': return u.id;
        default: return u.doc[q.sortField].toLowerCase();
      }
    };
    const page = sortAndPage(users, key, q.sortDirection, q.offset, q.perPage);
    const out: Record<string, unknown> = {
      items: page.map((u) => userToWire(u, groups)),
      count: page.length,
      totalCount: users.length,
      ...listEcho(q),
      applicationId: appId,
    };
    if (groupId) out.experienceGroupId = groupId;
    return out;
  });

  app.post(`${EXPERIENCE}/users`, async (req, reply) => {
    const appId = appIdOf(req);
    const body = validateBody<UserBody & { email: string; password: string }>('experienceUserPost', 'experienceUser', req.body);
    const passwordHash = await hashPassword(body.password);
    const rec = store.tx(() => {
      checkEmailFree(appId, body.email);
      const now = store.clock.next();
      const r: StoredRecord<UserDoc> = {
        kind: 'user',
        appId,
        id: newObjectId(),
        uniqueKey: userKey(appId, body.email),
        created: now,
        updated: now,
        doc: {
          email: body.email.toLowerCase(),
          firstName: body.firstName ?? '',
          lastName: body.lastName ?? '',
          passwordHash,
          passwordLastUpdated: now,
          userTags: body.userTags ?? {},
          experienceGroupIds: checkGroups(appId, body.experienceGroupIds) ?? [],
          ...(body.tokenCutoff !== undefined ? { tokenCutoff: body.tokenCutoff } : {}),
        },
      };
      store.records.put(r);
      return r;
    });
    reply.code(201);
    return userToWire(rec, groupsOf(appId));
  });

  app.get(`${EXPERIENCE}/users/:experienceUserId`, async (req) => {
    const appId = appIdOf(req);
    return userToWire(requireUser(appId, param(req, 'experienceUserId')), groupsOf(appId));
  });

  app.patch(`${EXPERIENCE}/users/:experienceUserId`, async (req) => {
    const appId = appIdOf(req);
    const body = validateBody<UserBody>('experienceUserPatch', 'experienceUser', req.body);
    const passwordHash = body.password !== undefined ? await hashPassword(body.password) : undefined;
    const rec = store.tx(() => {
      const u = requireUser(appId, param(req, 'experienceUserId'));
      if (body.email !== undefined) checkEmailFree(appId, body.email, u.id);
      const now = store.clock.next();
      const doc: UserDoc = { ...u.doc };
      if (body.email !== undefined) doc.email = body.email.toLowerCase();
      if (body.firstName !== undefined) doc.firstName = body.firstName;
      if (body.lastName !== undefined) doc.lastName = body.lastName;
      if (body.tokenCutoff !== undefined) doc.tokenCutoff = body.tokenCutoff;
      if (body.userTags !== undefined) doc.userTags = body.userTags;
      if (body.experienceGroupIds !== undefined) doc.experienceGroupIds = checkGroups(appId, body.experienceGroupIds)!;
      if (passwordHash) {
        doc.passwordHash = passwordHash;
        doc.passwordLastUpdated = now;
      }
      const r = { ...u, uniqueKey: userKey(appId, doc.email), updated: now, doc };
      store.records.put(r);
      return r;
    });
    return userToWire(rec, groupsOf(appId));
  });

  app.delete(`${EXPERIENCE}/users/:experienceUserId`, async (req) => {
    const appId = appIdOf(req);
    store.tx(() => {
      const u = requireUser(appId, param(req, 'experienceUserId'));
      store.records.delete('user', appId, u.id);
    });
    return SUCCESS;
  });
}
