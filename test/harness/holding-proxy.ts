// An HTTP proxy in front of the test server that lets the first `pass` requests of one method
// through and holds every later one (unsent to the server, unanswered) until release(). A test
// stops a command while writes are in flight and most of its work is still queued — the stop
// lands there by construction, not by timing luck.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  /** http://127.0.0.1:PORT, to put in LOSANT_API_URL. */
  url: string;
  /** Requests held so far (released ones included). */
  held(): number;
  /** Resolves once at least `n` requests are held. */
  waitHeld(n: number): Promise<void>;
  /** Sends the held requests on, and every later one at once. */
  release(): void;
  close(): Promise<void>;
}

export async function startHoldingProxy(target: string, hold: { method: string; pass: number }): Promise<HoldingProxy> {
  const held: (() => void)[] = [];
  let seen = 0;
  let heldCount = 0;
  let released = false;
  let waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const forward = () => {
      const up = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (!released && req.method === hold.method && ++seen > hold.pass) {
      held.push(forward);
      heldCount++;
      const w = waiters;
      waiters = [];
      for (const wake of w) wake();
      return;
    }
    forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => heldCount,
    async waitHeld(n) {
      while (heldCount < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    release() {
      released = true;
      for (const forward of held.splice(0)) forward();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
