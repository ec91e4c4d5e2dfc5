// Listen addresses: the development sign-in (lxp server, lxp dev) is served on an address only
// this machine reaches, unless asked otherwise.

/** Whether an address only this machine reaches. */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);

/**
 * What a person should read when a server cannot listen (lxp dev, preview, server): Node's
 * "listen EADDRINUSE: address already in use 127.0.0.1:4000" names neither the flag nor the way
 * out. Undefined for any other error.
 */
export function describeListenError(err: unknown): string | undefined {
  const e = err as { syscall?: unknown; code?: unknown; address?: unknown; port?: unknown } | null;
  if (e instanceof ListenHostError) return e.message;
  if (!e || e.syscall !== 'listen') return undefined;
  const host = typeof e.address === 'string' ? e.address : undefined;
  const port = typeof e.port === 'number' ? e.port : undefined;
  const where = host !== undefined && port !== undefined ? `${host.includes(':') ? `[${host}]` : host}:${port}` : (host ?? `port ${port ?? '?'}`);
  switch (e.code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the port is in use (another lxp dev, preview or server?); pass another --port, or --port 0 for a free one`;
    case 'EACCES':
      return `cannot listen on ${where}: not allowed (ports below 1024 need privileges); pass another --port, or --port 0 for a free one`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${host ?? where}: no network interface of this machine has that address; pass another --host (default 127.0.0.1)`;
    default:
      return undefined;
  }
}

/** Name-resolution failures: the --host given is a name no resolver knows (or none answered). */
const UNRESOLVED = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);

/**
 * A --host that is not an address of this machine because it does not resolve at all: a usage
 * error (exit 2), like an address no interface has. Thrown by listenError().
 */
export class ListenHostError extends Error {
  readonly code: string;
  constructor(
    readonly host: string,
    code: string,
  ) {
    super(`cannot listen on ${host}: the name does not resolve to an address (${code}), so it is not an address of this machine; pass another --host (default 127.0.0.1)`);
    this.name = 'ListenHostError';
    this.code = code;
  }
}

/**
 * The error to raise when listening on host failed: Node looks a name up before it listens, and a
 * name that does not resolve fails as "getaddrinfo ENOTFOUND host" (syscall getaddrinfo, not
 * listen) — that becomes a ListenHostError; any other error is returned as it is.
 */
export function listenError(err: unknown, host: string): unknown {
  const e = err as { syscall?: unknown; code?: unknown } | null;
  if (e && e.syscall === 'getaddrinfo' && typeof e.code === 'string' && UNRESOLVED.has(e.code)) return new ListenHostError(host, e.code);
  return err;
}
