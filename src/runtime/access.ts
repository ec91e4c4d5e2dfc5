// Who is asking, and may they: tokens read the three ways Losant documents (query parameter
// `authorization`, `Authorization: Bearer …`, cookie `authorization`), then the endpoint's
// access rule. A token that does not verify is no user at all, as if none was sent.
import type { ExperienceUser } from '../render/context.js';
import type { RuntimeEndpoint } from './types.js';

export function tokenOf(query: Record<string, string | string[]>, headers: Record<string, string>, cookies: Record<string, string>): string | undefined {
  const q = query.authorization;
  const fromQuery = Array.isArray(q) ? q[0] : q;
  if (fromQuery) return fromQuery;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (m) return m[1];
  return cookies.authorization || undefined;
}

/**
 * May `user` invoke `endpoint`? "group": a member of any one of the endpoint's groups (direct
 * membership, as the groups documentation says). "device": device tokens do not exist locally,
 * so nobody may.
 */
export function allowed(endpoint: RuntimeEndpoint, user: ExperienceUser | null): boolean {
  switch (endpoint.access) {
    case 'public':
      return true;
    case 'authenticated':
      return user !== null;
    case 'group': {
      if (!user) return false;
      const mine = new Set((user.experienceGroups ?? []).map((g) => g.id));
      return endpoint.experienceGroupIds.some((id) => mine.has(id));
    }
    default:
      return false;
  }
}
