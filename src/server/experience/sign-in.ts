// The development sign-in page of the local server, `/~lxp/sign-in` inside an experience: it
// lists the application's experience users and signs in as one (an `authorization` cookie
// holding a token the server issued), so experience.user, its groups and group access are
// real. Only `lxp server` has it; nothing like it exists on Losant, and lxp never sends it to
// a remote target.
import type { ExperienceUser } from '../../render/context.js';

export const SIGN_IN_PATH = '/~lxp/sign-in';
export const SIGN_OUT_PATH = '/~lxp/sign-out';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A local path to go to after signing in; anything else (other hosts, //x) becomes "/". */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function signInPage(info: { applicationName: string; slug: string; users: ExperienceUser[]; current: ExperienceUser | null; next: string; base: string }): string {
  const groups = (u: ExperienceUser) => (u.experienceGroups ?? []).map((g) => g.name).join(', ') || '—';
  const rows = info.users
    .map(
      (u) => `<tr><td>${esc(u.email)}</td><td>${esc([u.firstName, u.lastName].filter(Boolean).join(' '))}</td><td>${esc(groups(u))}</td>
<td><form method="post" action="${esc(info.base + SIGN_IN_PATH)}"><input type="hidden" name="userId" value="${esc(u.id)}"><input type="hidden" name="next" value="${esc(info.next)}"><button type="submit">Sign in</button></form></td></tr>`,
    )
    .join('\n');
  const current = info.current
    ? `<p>Signed in as <strong>${esc(info.current.email)}</strong> (groups: ${esc(groups(info.current))}).</p>
<form method="post" action="${esc(info.base + SIGN_OUT_PATH)}"><input type="hidden" name="next" value="${esc(info.next)}"><button type="submit">Sign out</button></form>`
    : '<p>Not signed in: endpoints with <code>authenticated</code> or <code>group</code> access answer with their unauthorized reply.</p>';
  const table = info.users.length
    ? `<table><thead><tr><th>Email</th><th>Name</th><th>Groups</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>This application has no experience users yet. Create one through the Experience API (<code>POST /applications/{applicationId}/experience/users</code>, e.g. with losant-rest\'s <code>experienceUsers.post</code>); it appears here at once.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · ${esc(info.applicationName)} · lxp</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52em;margin:3em auto;padding:0 1em;color:#222}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4em .6em;border-bottom:1px solid #ddd}code{font:13px ui-monospace,monospace;background:#f4f4f4}small{color:#777}</style>
</head><body data-lxp-page="sign-in">
<h1>Sign in to ${esc(info.applicationName)} <small>(slug ${esc(info.slug)})</small></h1>
${current}
${table}
<p><small>lxp's development sign-in: it issues a token for the chosen user without a password. It exists only in <code>lxp server</code>, never on Losant.</small></p>
</body></html>
`;
}
