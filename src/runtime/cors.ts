// Losant's "default CORS settings" (a version's endpointDefaultCors): OPTIONS requests that no
// OPTIONS endpoint takes are answered for the browser's preflight, and responses to allowed
// origins carry Access-Control-Allow-Origin. allowedCorsOrigins empty = every origin.
// The header set follows hapi's CORS defaults, the server Losant's routing comes from.

export const CORS_ALLOWED_HEADERS = 'Accept, Authorization, Content-Type, If-None-Match';
export const CORS_MAX_AGE = '86400';

export function originAllowed(origin: string | undefined, allowed: readonly string[] | undefined): boolean {
  if (!origin) return false;
  if (!allowed || allowed.length === 0) return true;
  return allowed.some((o) => o.replace(/\/+$/, '').toLowerCase() === origin.toLowerCase());
}

/** Headers added to an ordinary response when CORS is on and the origin may read it. */
export function corsHeaders(origin: string | undefined, allowed: readonly string[] | undefined): Record<string, string> {
  if (!originAllowed(origin, allowed)) return {};
  return { 'access-control-allow-origin': origin!, vary: 'origin' };
}

/** The preflight answer: which methods have a route at this path, which headers may be sent. */
export function preflightHeaders(origin: string | undefined, allowed: readonly string[] | undefined, methods: string[], requestHeaders: string | undefined): Record<string, string> {
  const base = corsHeaders(origin, allowed);
  if (!base['access-control-allow-origin']) return {};
  return {
    ...base,
    'access-control-allow-methods': methods.map((m) => m.toUpperCase()).join(', '),
    'access-control-allow-headers': requestHeaders?.trim() ? requestHeaders : CORS_ALLOWED_HEADERS,
    'access-control-max-age': CORS_MAX_AGE,
  };
}
