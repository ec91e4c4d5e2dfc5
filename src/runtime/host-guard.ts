// A guard against DNS rebinding. A page on attacker.example whose DNS name the attacker then
// points at 127.0.0.1 talks to a server on this machine as its own origin: the browser's
// same-origin rule does not stop it from reading the answers (the development sign-in's list of
// users, a token, the pages behind it). What such a request cannot fake is its Host: it names the
// attacker's domain. So the local servers answer only Hosts that can mean nothing but this
// machine — an IP address, `localhost` and `*.localhost` (browsers resolve those to loopback
// themselves), the machine's own name — plus whatever the caller declares (lxp server: the
// domains of the Domains API). As Vite and webpack-dev-server do.
import { isIP } from 'node:net';
import { hostname as machineName } from 'node:os';
import { textResponse } from './node-http.js';
import type { RuntimeResponse } from './types.js';

/** The host name of a Host header, lower case, without port or trailing dot ("[::1]" keeps its brackets). */
export function hostNameOf(hostHeader: string | undefined): string {
  const host = (hostHeader ?? '').trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d*$/, '').replace(/\.$/, '');
}

/** Whether a Host header names this machine in a way no other site's page can (see the top). */
export function isLocalHost(hostHeader: string | undefined): boolean {
  const name = hostNameOf(hostHeader);
  // HTTP/1.0 without Host: not a browser page.
  if (name === '') return true;
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  if (isIP(bare)) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const own = machineName().toLowerCase();
  return name === own || name === `${own}.local`;
}

/** The answer to a request whose Host is not this machine's. */
export function foreignHostResponse(hostHeader: string | undefined): RuntimeResponse {
  return textResponse(
    403,
    `lxp: Host "${hostNameOf(hostHeader)}" is not served here: only this machine's addresses and names (127.0.0.1, [::1], localhost, *.localhost) are — a guard against DNS rebinding. Open the address lxp printed.\n`,
  );
}
