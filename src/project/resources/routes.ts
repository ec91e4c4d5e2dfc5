// Route rules for endpoints.yaml: is a route one Losant accepts, and which routes Losant
// treats as the same. Losant's routes are hapi paths; the faithful rule is hapi's own router
// (@hapi/call), which the routing module (src/routing/, in progress on another branch) wraps.
// Until it lands on main this file holds a stand-in that knows hapi's path syntax and the
// common clashes (parameters at the same place, "/a/{b?}" next to "/a"); when it lands, these
// two functions delegate to it and nothing else in the folder reader changes.

export interface RouteEntry {
  method: string;
  route: string;
}

const PARAM = /^\{(\w+)(\?|\*\d*)?\}$/;

/** Why Losant would refuse `route`, or undefined when it accepts it. */
export function routeProblem(route: string): string | undefined {
  if (route.length === 0) return 'a route must not be empty';
  if (!route.startsWith('/')) return 'a route must start with "/"';
  if (route.length > 1024) return 'a route must be at most 1024 characters';
  const segments = route.slice(1).split('/');
  const names = new Set<string>();
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const isLast = i === segments.length - 1;
    if (seg === '' && !isLast) return 'a route cannot have an empty segment ("//")';
    for (const piece of seg.match(/\{[^}]*\}?|[^{]+/g) ?? []) {
      if (piece.startsWith('{')) {
        const m = PARAM.exec(piece);
        if (!m) return `"${piece}" is not a parameter: write {name}, {name?}, {name*} or {name*N} (letters, digits, _)`;
        if (names.has(m[1])) return `the parameter name "${m[1]}" is used twice`;
        names.add(m[1]);
        if ((m[2] === '?' || m[2] === '*') && !isLast) return `{${m[1]}${m[2]}} may only be the last segment`;
        if (m[2] && piece !== seg) return `{${m[1]}${m[2]}} must be a whole segment`;
      } else if (/[}\s#?]/.test(piece)) {
        return `"${piece}" holds a character a route cannot have (spaces, "#", "?", "}")`;
      }
    }
  }
  return undefined;
}

/** The shape of a route as the router sees it: parameter names do not count. */
function shapes(route: string): string[] {
  const plain = route.replace(/\{\w+\}/g, '{}').replace(/\{\w+\*(\d+)\}/g, '{*$1}');
  const optional = /\/\{\w+\?\}$/.exec(plain);
  if (optional) return [plain.replace(/\{\w+\?\}$/, '{}'), plain.slice(0, optional.index) || '/'];
  return [plain.replace(/\{\w+\*\}$/, '{*}')];
}

/** Every pair of entries Losant would refuse side by side (same method, routes it treats as one). */
export function routeConflicts<T extends RouteEntry>(entries: readonly T[]): Array<[T, T]> {
  const seen = new Map<string, T>();
  const pairs: Array<[T, T]> = [];
  for (const e of entries) {
    if (routeProblem(e.route) !== undefined) continue;
    const method = e.method.toLowerCase();
    const clash = new Set<T>();
    for (const shape of shapes(e.route)) {
      const k = `${method} ${shape}`;
      const earlier = seen.get(k);
      if (earlier && earlier !== e) clash.add(earlier);
      else seen.set(k, e);
    }
    for (const earlier of clash) pairs.push([earlier, e]);
  }
  return pairs;
}
