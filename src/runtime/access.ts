// Who is asking, and may they: tokens read the three ways Losant documents (query parameter
// `authorization`, `Authorization: Bearer …`, cookie `authorization`), then the endpoint's
// access rule. A token that does not verify is no user at all, as if none was sent.
import type { ExperienceUser } from '../render/context.js';
import type { RuntimeEndpoint, UserDirectory } from './types.js';

export function tokenOf(query: Record<string, string | string[]>, headers: Record<string, string>, cookies: Record<string, string>): string | undefined {
  const q = query.authorization;
  const fromQuery = Array.isArray(q) ? q[0] : q;
  if (fromQuery) return fromQuery;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (m) return m[1];
  return cookies.authorization || undefined;
}

/**
 * May `user` invoke `endpoint`? "group": a member of one of the endpoint's groups or of an
 * ancestor of one (Losant's endpoint guide: "members of any parent group in the hierarchy are
 * allowed through"); no groups = nobody. "device": a member of a group that names the device
 * the endpoint's deviceIdTemplate resolves to, or of an ancestor of such a group (devicesOf
 * includes the descendants' devices, as Losant's groups page says). lxp knows a group's
 * devices by id only; device tags and queries need devices, which the local server lacks.
 */
export function allowed(endpoint: RuntimeEndpoint, user: ExperienceUser | null, groups: Pick<UserDirectory, 'ancestorsOf' | 'devicesOf'>, deviceId: () => string): boolean {
  if (endpoint.access === 'public') return true;
  if (!user) return false;
  const mine = new Set((user.experienceGroups ?? []).map((g) => g.id).filter((id): id is string => typeof id === 'string'));
  switch (endpoint.access) {
    case 'authenticated':
      return true;
    case 'group':
      return endpoint.experienceGroupIds.some((id) => mine.has(id) || (groups.ancestorsOf?.(id) ?? []).some((a) => mine.has(a)));
    case 'device': {
      const wanted = deviceId();
      return wanted !== '' && [...mine].some((g) => (groups.devicesOf?.(g) ?? []).includes(wanted));
    }
    default:
      return false;
  }
}
