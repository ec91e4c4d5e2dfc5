// Experience user tokens of the local server: compact JWTs (HS256) naming a user of one
// application, signed with a secret only the server knows. Losant's own tokens are JWTs too;
// nothing outside lxp reads these, so the few lines of node:crypto below stand in for a
// JWT library. A token issued before the user's tokenCutoff is refused, as on Losant.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** The experience user's id. */
  sub: string;
  /** The application id. */
  app: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
}

/** How long a sign-in lasts: 30 days. */
export const TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function sign(secret: Buffer, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

export function issueToken(secret: Buffer, userId: string, appId: string, now = new Date()): string {
  const iat = Math.floor(now.getTime() / 1000);
  const claims: TokenClaims = { sub: userId, app: appId, iat, exp: iat + TOKEN_LIFETIME_SECONDS };
  const body = `${HEADER}.${b64(JSON.stringify(claims))}`;
  return `${body}.${sign(secret, body)}`;
}

/** The claims of a token this secret signed and that has not expired; undefined otherwise. */
export function verifyToken(secret: Buffer, token: string, now = new Date()): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
  const expected = Buffer.from(sign(secret, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return undefined;
  }
  if (typeof claims.sub !== 'string' || typeof claims.app !== 'string' || typeof claims.exp !== 'number') return undefined;
  if (claims.exp * 1000 <= now.getTime()) return undefined;
  return claims;
}
