// Writing the users CSV that parseUsersCsv (./users-csv.ts) reads: a header naming the columns
// (email, firstName, lastName, groups, then tag:<key> for every tag key any user has, sorted),
// one row per user in the order given. Never a password column: passwords do not go in files.
// Quoting by csv-stringify (RFC 4180), LF line ends. Pure.
import { stringify } from 'csv-stringify/sync';

export interface UserRow {
  email: string;
  firstName: string;
  lastName: string;
  /** Group names; none may hold ";", the separator of the groups cell. */
  groups: readonly string[];
  tags: Readonly<Record<string, string>>;
}

/** The character between group names in the groups cell. */
export const GROUP_SEPARATOR = ';';

export function formatUsersCsv(users: readonly UserRow[]): string {
  const tagKeys = [...new Set(users.flatMap((u) => Object.keys(u.tags)))].sort();
  const header = ['email', 'firstName', 'lastName', 'groups', ...tagKeys.map((k) => `tag:${k}`)];
  const rows = users.map((u) => [u.email, u.firstName, u.lastName, u.groups.join(GROUP_SEPARATOR), ...tagKeys.map((k) => u.tags[k] ?? '')]);
  return stringify([header, ...rows], { record_delimiter: 'unix' });
}
