// What `lxp users list|add|remove|set-password` and `lxp groups list` do, on any ExperienceClient.
// Every check (email, groups, tags, whether the user exists) runs before the one write, so a
// refusal sends nothing. Passwords are asked for through a callback only when the write is
// about to happen (never on a dry run), and never appear in a result, a message or an error.
import { randomBytes } from 'node:crypto';
import type { ApiGroup, ApiUser, ExperienceClient } from '../api/types.js';
import { TAG_KEY } from '../project/resources/field-checks.js';
import { emptyTags } from '../project/empty-tags.js';
import { isEmail, passwordProblem } from '../project/users-csv.js';
import { LxpError, UsageError } from '../sync/errors.js';
import { countUsers, GroupTree, type GroupNode, type GroupRef } from './groups.js';

/** A user as lxp reports it (--json and the text table). */
export interface UserRow {
  /** null on a dry run of `users add` (not created yet). */
  id: string | null;
  email: string;
  firstName: string;
  lastName: string;
  groups: GroupRef[];
  tags: Record<string, string>;
  created: string | null;
  lastLogin: string | null;
}

export function userRow(u: ApiUser, tree: GroupTree): UserRow {
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName ?? '',
    lastName: u.lastName ?? '',
    groups: (u.experienceGroups ?? [])
      .map((g) => {
        const node = tree.get(g.id);
        return node ? tree.ref(node) : { id: g.id, name: g.name, path: g.name };
      })
      .sort((a, b) => a.path.localeCompare(b.path)),
    tags: { ...(u.userTags ?? {}) },
    created: u.creationDate ?? null,
    lastLogin: u.lastLogin ?? null,
  };
}

/**
 * A password nobody knows, for a user created without one: Losant requires a password on every
 * user, so "no password" is one that is never shown, logged or kept. The user signs in once a
 * password is set (`lxp users set-password`, or the experience's own reset flow).
 */
export function unguessablePassword(): string {
  return randomBytes(32).toString('base64url');
}

/** The application's groups as a tree (one list request). */
export async function readGroups(client: ExperienceClient): Promise<GroupTree> {
  return new GroupTree(await client.listGroups());
}

/** The group `name` names, or a refusal: exit 2 naming the candidates. */
export function resolveGroup(tree: GroupTree, name: string): GroupNode {
  const r = tree.resolve(name);
  if (r.ok) return r.group;
  throw r.reason === 'ambiguous' ? new UsageError(r.message) : new LxpError('not-found', r.message);
}

/** `key=value` flags as tags, checked as Losant checks userTags. */
export function parseTags(pairs: readonly string[]): Record<string, string> {
  const tags = emptyTags();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (eq < 0 || !TAG_KEY.test(key)) throw new UsageError(`--tag ${JSON.stringify(pair)}: write KEY=VALUE, the key 1–255 letters, digits, "_" or "-"`);
    if (value.length < 1 || value.length > 255) throw new UsageError(`--tag ${key}: the value must have 1–255 characters`);
    // One value per key: keeping the last would drop the first without a word (a CSV refuses the same column twice).
    if (Object.hasOwn(tags, key)) throw new UsageError(`--tag ${key} given twice (${JSON.stringify(tags[key])} and ${JSON.stringify(value)}): a user has one value per tag`);
    tags[key] = value;
  }
  return tags;
}

function checkEmail(email: string): string {
  const e = email.trim();
  if (!isEmail(e)) throw new UsageError(`"${e.slice(0, 80)}" is not an email address`);
  return e;
}

async function requireUser(client: ExperienceClient, email: string): Promise<ApiUser> {
  const user = await client.findUser(checkEmail(email));
  if (!user) throw new LxpError('not-found', `no experience user with the email ${email.trim()}`);
  return user;
}

// ---- list ---------------------------------------------------------------------------------

export interface ListResult {
  /** The group asked for, if any. */
  group: GroupRef | null;
  /** Also the members of the groups below it. */
  subgroups: boolean;
  /** Also the members of the groups above it (Losant counts them as members of the group). */
  inherited: boolean;
  users: UserRow[];
}

/**
 * The users, or a group's: its direct members; `inherited` adds the members of the groups above
 * it (the API's includeAncestorGroups: Losant counts them as members — they reach the group's
 * devices and endpoints); `subgroups` adds the members of the groups below it (filtered here
 * from the whole list: the API has no such filter).
 */
export async function listUsers(opts: { client: ExperienceClient; group?: string; subgroups?: boolean; inherited?: boolean }): Promise<ListResult> {
  const tree = await readGroups(opts.client);
  const group = opts.group !== undefined ? resolveGroup(tree, opts.group) : undefined;
  let users: ApiUser[];
  if (!group) users = await opts.client.listUsers();
  else if (!opts.subgroups) users = await opts.client.listUsers({ groupId: group.id, includeAncestorGroups: !!opts.inherited });
  else {
    const wanted = new Set(tree.selfAndBelow(group).map((g) => g.id.toLowerCase()));
    if (opts.inherited) for (const id of tree.ancestorIds(group)) wanted.add(id.toLowerCase());
    users = (await opts.client.listUsers()).filter((u) => (u.experienceGroups ?? []).some((g) => wanted.has(g.id.toLowerCase())));
  }
  return {
    group: group ? tree.ref(group) : null,
    subgroups: !!(group && opts.subgroups),
    inherited: !!(group && opts.inherited),
    users: users.map((u) => userRow(u, tree)).sort((a, b) => a.email.localeCompare(b.email)),
  };
}

// ---- add ----------------------------------------------------------------------------------

export interface AddRequest {
  client: ExperienceClient;
  email: string;
  firstName?: string;
  lastName?: string;
  groups?: readonly string[];
  tags?: Record<string, string>;
  dryRun?: boolean;
  /** Asked only when the user is about to be created: the password, or null for none. */
  password: () => Promise<string | null>;
}

export interface AddResult {
  dryRun: boolean;
  user: UserRow;
  /** "set": created with the password given; "none": nobody knows its password yet; "not-asked": a dry run. */
  password: 'set' | 'none' | 'not-asked';
}

export async function addUser(req: AddRequest): Promise<AddResult> {
  const email = checkEmail(req.email);
  for (const [field, v] of [['--first', req.firstName], ['--last', req.lastName]] as const) {
    if (v !== undefined && [...v].length > 1024) throw new UsageError(`${field}: at most 1024 characters`);
  }
  const tree = await readGroups(req.client);
  const groups = [...new Map((req.groups ?? []).map((name) => resolveGroup(tree, name)).map((g) => [g.id, g])).values()];
  const existing = await req.client.findUser(email);
  if (existing) throw new LxpError('already-exists', `an experience user with the email ${existing.email} exists already (change it with lxp users import, or remove it first)`);
  const planned: ApiUser = {
    id: '',
    email,
    firstName: req.firstName ?? '',
    lastName: req.lastName ?? '',
    userTags: req.tags ?? {},
    experienceGroups: groups.map((g) => ({ id: g.id, name: g.name, parentId: g.parentId })),
  };
  if (req.dryRun) return { dryRun: true, user: { ...userRow(planned, tree), id: null }, password: 'not-asked' };
  const given = await req.password();
  if (given !== null) {
    const problem = passwordProblem(given);
    if (problem) throw new UsageError(`${problem}; nothing was changed`);
  }
  const created = await req.client.createUser({
    email,
    password: given ?? unguessablePassword(),
    firstName: planned.firstName,
    lastName: planned.lastName,
    userTags: planned.userTags,
    experienceGroupIds: groups.map((g) => g.id),
  });
  return { dryRun: false, user: userRow(created, tree), password: given === null ? 'none' : 'set' };
}

// ---- remove -------------------------------------------------------------------------------

export interface RemoveResult {
  dryRun: boolean;
  user: UserRow;
}

export async function removeUser(req: { client: ExperienceClient; email: string; dryRun?: boolean }): Promise<RemoveResult> {
  const tree = await readGroups(req.client);
  const user = await requireUser(req.client, req.email);
  if (!req.dryRun) await req.client.deleteUser(user.id);
  return { dryRun: !!req.dryRun, user: userRow(user, tree) };
}

// ---- set-password -------------------------------------------------------------------------

export interface SetPasswordResult {
  dryRun: boolean;
  user: { id: string; email: string };
}

export async function setPassword(req: { client: ExperienceClient; email: string; dryRun?: boolean; password: () => Promise<string> }): Promise<SetPasswordResult> {
  const user = await requireUser(req.client, req.email);
  if (!req.dryRun) {
    const password = await req.password();
    const problem = passwordProblem(password);
    if (problem) throw new UsageError(`${problem}; nothing was changed`);
    await req.client.patchUser(user.id, { password });
  }
  return { dryRun: !!req.dryRun, user: { id: user.id, email: user.email } };
}

// ---- groups list --------------------------------------------------------------------------

export interface GroupListNode extends GroupRef {
  description: string;
  parentId: string | null;
  /** Direct members. */
  users: number;
  /** Distinct members of this group and the groups below it. */
  usersWithSubgroups: number;
  children: GroupListNode[];
}

export interface GroupsResult {
  groups: GroupListNode[];
  /** Number of groups, and of users in no group. */
  totals: { groups: number; users: number; usersInNoGroup: number };
}

/** The tree with user counts (one list of groups, one list of users). */
export async function listGroups(opts: { client: ExperienceClient }): Promise<GroupsResult> {
  const [groups, users]: [ApiGroup[], ApiUser[]] = await Promise.all([opts.client.listGroups(), opts.client.listUsers()]);
  const tree = new GroupTree(groups);
  const counts = countUsers(tree, users);
  const node = (n: GroupNode): GroupListNode => ({
    ...tree.ref(n),
    description: n.description,
    parentId: n.parentId,
    ...counts.get(n.id)!,
    children: n.children.map(node),
  });
  const inNoGroup = users.filter((u) => !(u.experienceGroups ?? []).some((g) => tree.get(g.id))).length;
  return { groups: tree.roots.map(node), totals: { groups: tree.byId.size, users: users.length, usersInNoGroup: inNoGroup } };
}
