// Wire types and client methods of experience users, as `lxp users` uses them (a subset of
// Losant's experienceUser* schemas; groups, which the sync engine also deploys, are in
// ./types.ts). Kept apart so the two contracts grow without touching each other;
// ExperienceClient extends PeopleClient, and src/api/client.ts implements both through its one
// request path (retries, adaptive concurrency, throttling and stats apply alike).

/** An experience user as the API answers with it. It never carries a password. */
export interface ApiUser {
  id: string;
  experienceUserId?: string;
  applicationId?: string;
  email: string;
  firstName?: string;
  lastName?: string;
  userTags?: Record<string, string>;
  /** The groups the user is a direct member of. */
  experienceGroups?: Array<{ id: string; name: string; parentId?: string | null }>;
  creationDate?: string;
  lastUpdated?: string;
  lastLogin?: string;
  passwordLastUpdated?: string;
  tokenCutoff?: string;
}

/** POST /experience/users. Losant requires a password (8–2048 characters). */
export interface ApiUserPost {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  userTags?: Record<string, string>;
  experienceGroupIds?: string[];
}

/** PATCH /experience/users/{id}: every field optional; `userTags` and `experienceGroupIds` replace the whole set. */
export type ApiUserPatch = Partial<ApiUserPost>;

export interface ListUsersOptions {
  /** Only users in this group (by id). */
  groupId?: string;
  /**
   * With groupId: also the members of its parent, that parent's parent, and so on
   * (`includeAncestorGroups`): Losant counts them as members of the group.
   */
  includeAncestorGroups?: boolean;
}

/** The users half of the Experience API client. */
export interface PeopleClient {
  /** Every experience user (all pages), optionally of one group. */
  listUsers(opts?: ListUsersOptions): Promise<ApiUser[]>;
  /** The user with that email (compared without regard to case), or null. */
  findUser(email: string): Promise<ApiUser | null>;
  /** Safe against a lost response: before re-sending, it looks the email up. */
  createUser(body: ApiUserPost): Promise<ApiUser>;
  patchUser(id: string, body: ApiUserPatch): Promise<ApiUser>;
  /** A user that is already gone (404) counts as deleted. */
  deleteUser(id: string): Promise<void>;
}
