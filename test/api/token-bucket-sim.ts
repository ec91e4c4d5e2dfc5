// A discrete-event simulation of the API client's request path against a server, on a fake
// clock: the client's gate (as many in flight as the limiter allows, retries first, every
// request held while a Retry-After runs, the limiter's own pacing), its retry waits, and a
// server that answers after an injected latency, runs one request at a time on one thread, and
// may refuse by a token bucket (capacity B, refill r per second) exactly like `lxp server
// --throttle` (src/server/faults.ts): checked after the latency, 429 + Retry-After
// ceil(seconds until a token). Used by test/api/concurrency-limiter.test.ts to assert what a
// limiter rule does against many kinds of server without timing anything real.
import { ConcurrencyLimiter, type LimitOutcome } from '../../src/api/concurrency-limiter.js';
import { seededRandom } from '../../src/server/faults.js';

export interface SimServer {
  /** Token bucket capacity (requests); omit for a server that never refuses. */
  bucket?: number;
  /** Token refill per second. */
  rate?: number;
  /** Latency injected before the server looks at a request (ms). */
  latencyMs: number;
  /** Up to this much more latency, at random per request (ms). Default 0. */
  jitterMs?: number;
  /** Server CPU per answered request (ms), one request at a time. Default 0.2. */
  serverCpuMs?: number;
  /**
   * Up to this much delay, at random per answer, between the server's decision and the client
   * seeing it (ms; default 0): a shared machine's scheduler. The server's tokens are taken on
   * time; only the answers seen by the client are spread (and reordered).
   */
  answerJitterMs?: number;
  /**
   * A server sharing the machine: blocked for `stallMs` out of every `stallEveryMs` (default
   * never); requests that reach it meanwhile are decided when it is free again.
   */
  stallEveryMs?: number;
  stallMs?: number;
}

export interface SimClient {
  /** "auto" (the adaptive limiter starting at 8, cap 64) or a fixed concurrency. */
  concurrency: 'auto' | number;
  /** Client CPU per request (ms), one at a time. Default 0.5. */
  clientCpuMs?: number;
  /** Requests sent one after another before the rest (a deploy's list pages). Default 1. */
  serialFirst?: number;
  /** Client work between those and the rest (a deploy plans after its lists), ms. Default 0. */
  planMs?: number;
  /** Requests sent all at once after those (a deploy's creates). */
  requests: number;
  /**
   * A busy client: its one thread is blocked for `stallMs` out of every `stallEveryMs` (other
   * work, GC, a loaded machine); answers that come in meanwhile are seen when it is free again,
   * all at once. Default: never.
   */
  stallEveryMs?: number;
  stallMs?: number;
  /** Milliseconds the server idled before the first request (its bucket is full then). Default 0. */
  startAfterMs?: number;
  seed?: number;
  /** Another limiter to drive (for comparisons); default: the adaptive ConcurrencyLimiter. */
  makeLimiter?: (now: () => number) => ConcurrencyLimiter;
  /**
   * As a deploy runs them (src/sync/executor.ts): a request is one change, and no more changes
   * are under way at once than the limit — a change waiting to retry keeps its slot. Default
   * true; false: every request is queued at once (only the gate limits them).
   */
  changeSlots?: boolean;
  /** Filled with [sent, answered, status, limit] per request when given (to look at a run). */
  trace?: Array<[number, number, number, number]>;
  /** Jitter added to a Retry-After before the retry is queued again (ms, uniform). Default 0. */
  retryJitterMs?: number;
}

export interface SimResult {
  ms: number;
  refusals: number;
  sent: number;
  peak: number;
  lowest: number;
  end: number;
  /** Times (ms) at which an answer was a refusal. */
  refusedAt: number[];
  /** Refusals per episode (refusals less than 200 ms apart are one episode), in order. */
  episodes: number[];
  limiter: ConcurrencyLimiter;
}

interface Event {
  at: number;
  seq: number;
  run: () => void;
}

/** Runs the simulation to its end; deterministic for a seed. */
export function simulate(server: SimServer, client: SimClient): SimResult {
  let now = 0;
  let seq = 0;
  const events: Event[] = [];
  const at = (t: number, run: () => void) => {
    const e = { at: t, seq: seq++, run };
    // binary insertion: events are few (≤ a few hundred at once)
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = events[mid];
      if (m.at < e.at || (m.at === e.at && m.seq < e.seq)) lo = mid + 1;
      else hi = mid;
    }
    events.splice(lo, 0, e);
  };
  const random = seededRandom(client.seed ?? 1);
  const limiter = client.makeLimiter
    ? client.makeLimiter(() => now)
    : client.concurrency === 'auto'
      ? new ConcurrencyLimiter({ adaptive: true, initial: 8, max: 64, now: () => now })
      : new ConcurrencyLimiter({ adaptive: false, initial: client.concurrency, now: () => now });

  const seen = (t: number): number => {
    const every = client.stallEveryMs;
    const stall = client.stallMs ?? 0;
    if (!every || stall <= 0) return t;
    const into = t % every;
    return into < stall ? t - into + stall : t;
  };

  // ---- server ----
  const rate = server.rate;
  const capacity = server.bucket ?? 0;
  let tokens = capacity;
  let lastRefill = -(client.startAfterMs ?? 0);
  let serverFree = 0;
  const serverCpu = server.serverCpuMs ?? 0.2;
  const serve = (answer: (status: number, retryAfterMs?: number) => void) => {
    at(now + server.latencyMs + (server.jitterMs ? random() * server.jitterMs : 0), () => {
      let start = Math.max(now, serverFree);
      if (server.stallEveryMs && server.stallMs) {
        const into = start % server.stallEveryMs;
        if (into < server.stallMs) start += server.stallMs - into;
      }
      let status = 200;
      let retryAfterMs: number | undefined;
      if (rate) {
        tokens = Math.min(capacity, tokens + ((start - lastRefill) / 1000) * rate);
        lastRefill = start;
        if (tokens >= 1) tokens -= 1;
        else {
          status = 429;
          retryAfterMs = Math.max(1, Math.ceil((1 - tokens) / rate)) * 1000;
        }
      }
      serverFree = start + (status === 429 ? serverCpu / 4 : serverCpu);
      const back = server.answerJitterMs ? random() * server.answerJitterMs : 0;
      at(seen(serverFree + back), () => answer(status, retryAfterMs));
    });
  };

  // ---- client ----
  const clientCpu = client.clientCpuMs ?? 0.5;
  let clientFree = 0;
  let inGate = 0; // tasks holding a slot (waiting for a Retry-After / pacing, or in flight)
  const queue: Array<{ retry: boolean; done: () => void }> = [];
  let refusals = 0;
  let sent = 0;
  const refusedAt: number[] = [];

  // Changes not yet started, and started but not done (src/sync/executor.ts: liveLimit).
  let unstarted = 0;
  let active = 0;
  const changeSlots = client.changeSlots ?? true;
  const pump = () => {
    while (unstarted > 0 && (!changeSlots || active < limiter.limit)) {
      unstarted--;
      active++;
      queue.push(unstartedTasks.shift()!);
    }
    while (inGate < limiter.limit && queue.length > 0) {
      const i = queue.findIndex((q) => q.retry);
      const [task] = queue.splice(i >= 0 ? i : 0, 1);
      inGate++;
      tryStart(task);
    }
  };
  const tryStart = (task: { retry: boolean; done: () => void }) => {
    const wait = limiter.acquire();
    if (wait > 0) {
      at(now + wait, () => tryStart(task));
      return;
    }
    // Client CPU: building the request; sent when the client's one thread gets to it. The
    // client notes the time (and what is in flight) before it builds the request, as
    // src/api/client.ts does right after acquire().
    const sentAt = now;
    const inflightAtSend = inGate;
    clientFree = Math.max(now, clientFree) + clientCpu;
    at(clientFree, () => send(task, sentAt, inflightAtSend));
  };
  const send = (task: { retry: boolean; done: () => void }, sentAt: number, inflightAtSend: number) => {
    sent++;
    serve((status, retryAfterMs) => {
      inGate--;
      const outcome: LimitOutcome = status === 429 ? 'throttled' : 'ok';
      limiter.record({ sentAt, rttMs: now - sentAt, inflight: inflightAtSend, outcome, retryAfterMs });
      client.trace?.push([sentAt, now, status, limiter.limit]);
      if (status === 429) {
        refusals++;
        refusedAt.push(now);
        // The client's retry wait: the Retry-After (src/api/client.ts), plus jitter if asked.
        const wait = (retryAfterMs ?? 0) + Math.floor(random() * (client.retryJitterMs ?? 0));
        at(now + wait, () => {
          queue.push({ retry: true, done: task.done });
          pump();
        });
      } else task.done();
      pump();
    });
  };

  let finishedAt = 0;
  let remaining = client.requests;
  const serialFirst = client.serialFirst ?? 1;
  const unstartedTasks: Array<{ retry: boolean; done: () => void }> = [];
  const startBulk = () => {
    if (client.requests === 0) finishedAt = now;
    for (let i = 0; i < client.requests; i++)
      unstartedTasks.push({
        retry: false,
        done: () => {
          active--;
          if (--remaining === 0) finishedAt = now;
        },
      });
    unstarted = client.requests;
    pump();
  };
  const serial = (left: number) => {
    if (left === 0) {
      if (client.planMs) {
        clientFree = Math.max(now, clientFree) + client.planMs;
        return at(clientFree, startBulk);
      }
      return startBulk();
    }
    queue.push({ retry: false, done: () => serial(left - 1) });
    pump();
  };
  serial(serialFirst);

  while (events.length > 0) {
    const e = events.shift()!;
    now = e.at;
    e.run();
    if (now > 600_000) throw new Error('simulation ran past 10 minutes');
  }
  const episodes: number[] = [];
  refusedAt.forEach((t, i) => {
    if (i === 0 || t - refusedAt[i - 1] > 200) episodes.push(0);
    episodes[episodes.length - 1]++;
  });
  return { ms: finishedAt, refusals, sent, peak: limiter.peak, lowest: limiter.lowest, end: limiter.limit, refusedAt, episodes, limiter };
}
