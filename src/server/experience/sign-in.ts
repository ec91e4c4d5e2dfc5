// The development sign-in, `/~lxp/sign-in` inside an experience: a page that lists the
// application's experience users and signs in as one (an `authorization` cookie holding a token
// the local server issued), so experience.user, its groups and group access are real. Served by
// `lxp server` (each experience) and `lxp dev` with the local target (the folder at its routes);
// nothing like it exists on Losant, and lxp never offers it for a remote target.
import { serialize as serializeCookie } from 'cookie';
import type { ExperienceUser } from '../../render/context.js';
import { parseCookieHeader, type RuntimeResponse } from '../../runtime/index.js';
import { textResponse } from '../../runtime/node-http.js';

export const SIGN_IN_PATH = '/~lxp/sign-in';
export const SIGN_OUT_PATH = '/~lxp/sign-out';

/** The experience users of one application, and tokens for them. */
export interface SignInUsers {
  list(): ExperienceUser[];
  user(id: string): ExperienceUser | undefined;
  byEmail(email: string): ExperienceUser | undefined;
  tokenFor(userId: string): string;
  userForToken(token: string): ExperienceUser | undefined;
}

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A local path to go to after signing in; anything else (other hosts, //x) becomes "/". */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export interface SignInPageInfo {
  applicationName: string;
  /** What is being served, after the title: "slug my-app", "lxp dev · local target". */
  where: string;
  users: ExperienceUser[];
  current: ExperienceUser | null;
  next: string;
  /** Path prefix of the experience ("/~/<slug>" in lxp server's prefix mode, else ""). */
  base: string;
  /** HTML: what to do when the application has no experience users. */
  noUsers?: string;
  /** HTML: more to say under the table. */
  footer?: string;
}

const groupsOf = (u: ExperienceUser) => (u.experienceGroups ?? []).map((g) => g.name).join(', ') || '—';

const STYLE = 'body{font:15px/1.5 system-ui,sans-serif;max-width:52em;margin:3em auto;padding:0 1em;color:#222}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4em .6em;border-bottom:1px solid #ddd}code{font:13px ui-monospace,monospace;background:#f4f4f4}small{color:#777}';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · lxp</title>
<style>${STYLE}</style>
</head><body data-lxp-page="sign-in">
${body}
</body></html>
`;
}

export function signInPage(info: SignInPageInfo): string {
  const rows = info.users
    .map(
      (u) => `<tr data-email="${esc(u.email)}"><td>${esc(u.email)}</td><td>${esc([u.firstName, u.lastName].filter(Boolean).join(' '))}</td><td>${esc(groupsOf(u))}</td>
<td><form method="post" action="${esc(info.base + SIGN_IN_PATH)}"><input type="hidden" name="userId" value="${esc(u.id)}"><input type="hidden" name="next" value="${esc(info.next)}"><button type="submit">Sign in</button></form></td></tr>`,
    )
    .join('\n');
  const current = info.current
    ? `<p>Signed in as <strong>${esc(info.current.email)}</strong> (groups: ${esc(groupsOf(info.current))}).</p>
<form method="post" action="${esc(info.base + SIGN_OUT_PATH)}"><input type="hidden" name="next" value="${esc(info.next)}"><button type="submit">Sign out</button></form>`
    : '<p>Not signed in: endpoints with <code>authenticated</code> or <code>group</code> access answer with their unauthorized reply.</p>';
  const noUsers =
    info.noUsers ??
    '<p>This application has no experience users yet. Create one through the Experience API (<code>POST /applications/{applicationId}/experience/users</code>, e.g. with losant-rest\'s <code>experienceUsers.post</code>); it appears here at once.</p>';
  const table = info.users.length ? `<table><thead><tr><th>Email</th><th>Name</th><th>Groups</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : noUsers;
  return page(
    `Sign in · ${info.applicationName}`,
    `<h1>Sign in to ${esc(info.applicationName)} <small>(${esc(info.where)})</small></h1>
${current}
${table}
${info.footer ?? ''}
<p><small>lxp's development sign-in: it issues a token for the chosen user without a password. Only lxp serves it, on this machine; Losant has nothing like it.</small></p>`,
  );
}

/** The page served at /~lxp/sign-in where no users can sign in (lxp preview, a remote target). */
export function signInUnavailablePage(applicationName: string, why: string): string {
  return page(`Sign in · ${applicationName}`, `<h1>No development sign-in here</h1>\n<p>${esc(why)}</p>\n<p><a href="/">The experience</a> · <a href="/~lxp/">lxp's index of endpoints and pages</a></p>`);
}

export interface SignInRequest {
  /** SIGN_IN_PATH or SIGN_OUT_PATH. */
  path: string;
  method: string;
  headers: Record<string, string>;
  query: Record<string, string | string[]>;
  /** The parsed body of a POST. */
  body: unknown;
}

/**
 * A POST that another site's page made the browser send (login CSRF: any page open in the same
 * browser could sign it in as a user it names by email). Browsers send Origin with every
 * cross-origin POST and with same-origin form posts; its host must be the one asked (the Host
 * header). Requests without Origin (curl, scripts, tests) are not from a browser page and pass.
 */
export function fromAnotherSite(headers: Record<string, string>): boolean {
  const origin = headers.origin;
  if (origin === undefined) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host.toLowerCase() !== (headers.host ?? '').toLowerCase();
  } catch {
    return true;
  }
}

/**
 * The sign-in exchange: GET shows the page; POST /~lxp/sign-in with `userId` or `email` (form or
 * JSON) sets the `authorization` cookie and goes to `next` (303), or answers `{token, user}` to
 * `Accept: application/json`; POST /~lxp/sign-out clears the cookie.
 */
export function answerSignIn(users: SignInUsers, page: Omit<SignInPageInfo, 'users' | 'current' | 'next'>, r: SignInRequest): RuntimeResponse {
  const cookiePath = page.base || '/';
  const form = (r.body && typeof r.body === 'object' ? r.body : {}) as Record<string, unknown>;
  const next = safeNext(form.next ?? r.query.next);
  const method = r.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') {
    const token = parseCookieHeader(r.headers.cookie).authorization;
    const current = token ? (users.userForToken(token) ?? null) : null;
    const html = signInPage({ ...page, users: users.list(), current, next });
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: html };
  }
  if (method !== 'POST') return textResponse(405, 'lxp: use GET to see the sign-in page, POST to sign in or out');
  if (fromAnotherSite(r.headers)) return textResponse(403, 'lxp: the development sign-in accepts forms from its own pages only (the Origin of this request is another site)');
  if (r.path === SIGN_OUT_PATH) {
    return { status: 303, headers: { location: next, 'set-cookie': serializeCookie('authorization', '', { path: cookiePath, expires: new Date(0) }) }, body: '' };
  }
  const userId = typeof form.userId === 'string' ? form.userId.toLowerCase() : undefined;
  const user = userId ? users.user(userId) : typeof form.email === 'string' ? users.byEmail(form.email) : undefined;
  if (!user) return textResponse(400, 'lxp: name an experience user of this application with userId or email');
  const token = users.tokenFor(String(user.id));
  const cookie = serializeCookie('authorization', token, { path: cookiePath, httpOnly: true, sameSite: 'lax' });
  if ((r.headers.accept ?? '').includes('application/json')) {
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'set-cookie': cookie }, body: JSON.stringify({ token, user }) };
  }
  return { status: 303, headers: { location: next, 'set-cookie': cookie }, body: '' };
}
