// Is a route one Losant accepts? Losant's routes are hapi paths; hapi's own analyser decides,
// and this file only turns its assertions into messages that say what to change.
import { analyzeRoute, hapiMessage } from './hapi-call.js';

/** Longest route the Experience API accepts (its schema's maxLength). */
export const MAX_ROUTE_LENGTH = 1024;

/**
 * %-escapes of characters that may stand in a path as they are (letters, digits, -._~ and
 * !$&'()*+,;=:@). hapi refuses them in a route; it tests with a global regex whose lastIndex
 * survives between calls, so lxp checks with its own, stateless copy first.
 */
const ENCODED_UNRESERVED = /%(?:2[146-9A-E]|3[\dABD]|4[\dA-F]|5[\dAF]|6[1-9A-F]|7[\dAE])/i;

const SYNTAX =
  'a route is "/" or "/"-separated segments of letters, digits, %XX escapes and -._~!$&\'()*+,;=:@, ' +
  'with parameters {name}, {name*N} (N segments), and, in the last segment only, {name?} or {name*}';

/** Why Losant would refuse `route`, or undefined when it is a valid route. */
export function routeProblem(route: string): string | undefined {
  if (typeof route !== 'string' || route.length === 0) return 'a route must not be empty';
  if (!route.startsWith('/')) return 'a route must start with "/"';
  if (route.length > MAX_ROUTE_LENGTH) return `a route must be at most ${MAX_ROUTE_LENGTH} characters`;
  const encoded = ENCODED_UNRESERVED.exec(route);
  if (encoded) return `"${encoded[0]}" must be written as the character itself, not escaped`;
  const analysis = analyzeRoute(route);
  if (!(analysis instanceof Error)) return undefined;
  const repeated = /Cannot repeat the same parameter name: (\S+)/.exec(hapiMessage(analysis));
  return repeated ? `the parameter name "${repeated[1]}" is used twice` : SYNTAX;
}

/** The names of a valid route's parameters, in order ("/a/{b}/{c*}" → ["b", "c"]). */
export function routeParams(route: string): string[] {
  const analysis = analyzeRoute(route);
  if (analysis instanceof Error) throw analysis;
  return [...new Set(analysis.params)];
}
