// Listen addresses: which are loopback (the development sign-in), and what a person reads when
// lxp dev, preview or server cannot listen — from the errors Node really raises.
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeListenError, isLoopback, listenError as asListenError } from '../../src/config/address.js';
import { describeError } from '../../src/sync/describe-error.js';

/** The error Node raises listening on host:port. */
function listenError(port: number, host: string): Promise<unknown> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', resolve);
    s.listen(port, host, () => s.close(() => resolve(undefined)));
  });
}

describe('listen addresses', () => {
  it('loopback: 127.x, ::1 and localhost only', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.2', 'example.com']) expect(isLoopback(h)).toBe(false);
  });

  it('a port in use names the address and the way out, as a usage error (exit 2)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const err = await listenError(port, '127.0.0.1');
      expect(describeListenError(err)).toBe(`cannot listen on 127.0.0.1:${port}: the port is in use (another lxp dev, preview or server?); pass another --port, or --port 0 for a free one`);
      expect(describeError(err)).toMatchObject({ code: 'usage', exitCode: 2 });
    } finally {
      taken.close();
    }
  });

  it('an address this machine does not have names --host', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never assigned to a real interface.
    const err = await listenError(0, '192.0.2.1');
    expect(describeListenError(err)).toBe('cannot listen on 192.0.2.1: no network interface of this machine has that address; pass another --host (default 127.0.0.1)');
  });

  it('a name that does not resolve names --host, as a usage error (exit 2), not Node\'s getaddrinfo ENOTFOUND', async () => {
    const err = asListenError(await listenError(0, 'nonexistent.invalid'), 'nonexistent.invalid');
    expect(describeListenError(err)).toMatch(/^cannot listen on nonexistent\.invalid: the name does not resolve to an address \((ENOTFOUND|EAI_AGAIN)\), so it is not an address of this machine; pass another --host \(default 127\.0\.0\.1\)$/);
    expect(describeError(err)).toMatchObject({ code: 'usage', exitCode: 2 });
    const other = new Error('boom');
    expect(asListenError(other, 'x')).toBe(other);
  });

  it('other errors are left to the general mapping', () => {
    expect(describeListenError(new Error('boom'))).toBeUndefined();
    expect(describeListenError(Object.assign(new Error('x'), { syscall: 'connect', code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(describeError(new Error('boom'))).toMatchObject({ code: 'failed', exitCode: 1 });
  });
});
