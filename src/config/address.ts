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
