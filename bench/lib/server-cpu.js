// Server CPU per request: a local server in its own process (cpu-server-child.js), driven over
// keep-alive HTTP from this process, with the server's process.cpuUsage() read before and after
// a batch of requests. CPU time, not wall time: what the server spends, whatever else runs.
import { fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cpu-server-child.js');

/**
 * Starts the child. serverOptions go to startServer (e.g. { dataDir }); execArgv to node
 * (e.g. ['--cpu-prof', '--cpu-prof-dir', dir]).
 */
export async function startCpuServer(serverOptions = {}, execArgv = []) {
  const child = fork(CHILD, [JSON.stringify(serverOptions)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    exited.then((code) => reject(new Error(`cpu server exited (${code}) before listening`)));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const base = new URL(ready.url);
  const prefix = `/applications/${ready.applicationId}/experience`;

  /** One request; resolves { status, body } (body parsed). */
  function request(method, rel, body) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path: prefix + rel,
          headers: {
            authorization: `Bearer ${ready.token}`,
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined, bytes: text.length });
          });
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  const marks = [];
  /** CPU microseconds (user + system) the server process has used so far. */
  function cpuMicros() {
    return new Promise((resolve) => {
      const onMessage = (msg) => {
        if (msg?.type !== 'cpu') return;
        child.off('message', onMessage);
        marks.push(msg.atMicros);
        resolve(msg.usage.user + msg.usage.system);
      };
      child.on('message', onMessage);
      child.send({ type: 'cpu' });
    });
  }

  return {
    request,
    cpuMicros,
    /** Monotonic clock (µs, the clock of V8's CPU profiles) of every cpuMicros() reading. */
    marks,
    async close() {
      agent.destroy();
      if (child.connected) child.send({ type: 'exit' });
      await exited;
    },
  };
}

/** Runs `count` jobs with at most `concurrency` at once; job(i) returns a promise. */
export async function inParallel(count, concurrency, job) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await job(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** A page body of about 1.5 KB with ~20 mustaches; `i` makes every body different. */
export function viewBody(i, revision = 0) {
  const rows = Array.from(
    { length: 6 },
    (_, k) => `    <tr><td>{{row${k}.name}}</td><td>{{format row${k}.value "0.00"}}</td><td>{{#if row${k}.ok}}ok{{else}}check{{/if}}</td></tr>\n`,
  ).join('');
  return (
    `<section class="view-${i}" data-revision="${revision}">\n  <h1>{{pageData.title}} ${i}</h1>\n  {{component "header-${i % 10}"}}\n` +
    `  <table>\n${rows}  </table>\n` +
    `  {{#each pageData.items}}<li class="{{this.kind}}">{{this.name}}: {{this.value}}</li>{{/each}}\n` +
    `  <p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.` +
    ` Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. (${i}/${revision})</p>\n` +
    `  <footer>{{experience.user.email}} · {{formatDate (now) "YYYY-MM-DD"}}</footer>\n</section>\n`
  );
}

/**
 * Server CPU per create, per update and per list of `listSize` views, as microseconds per
 * request (medians are taken by the caller over several rounds). Each phase is measured
 * after a warm-up of the same kind of request.
 */
export async function measureServerCpu({ serverOptions = {}, execArgv = [], creates = 2000, updates = 1000, lists = 40, listSize = 1000, concurrency = 8 } = {}) {
  const server = await startCpuServer(serverOptions, execArgv);
  try {
    const ids = [];
    const create = async (i) => {
      const res = await server.request('POST', '/views', { name: `view-${i}`, viewType: 'page', description: `View ${i}`, body: viewBody(i) });
      if (res.status !== 201) throw new Error(`create → ${res.status}: ${JSON.stringify(res.body)}`);
      ids[i] = res.body.id;
    };
    const warm = 300;
    await inParallel(warm, concurrency, create);
    const c0 = await server.cpuMicros();
    await inParallel(creates, concurrency, (i) => create(warm + i));
    const c1 = await server.cpuMicros();

    const update = async (i) => {
      const id = ids[i % ids.length];
      const res = await server.request('PATCH', `/views/${id}`, { body: viewBody(i, 1 + Math.floor(i / ids.length)), description: `Updated ${i}` });
      if (res.status !== 200) throw new Error(`update → ${res.status}: ${JSON.stringify(res.body)}`);
    };
    await inParallel(200, concurrency, (i) => update(updates + i));
    const u0 = await server.cpuMicros();
    await inParallel(updates, concurrency, update);
    const u1 = await server.cpuMicros();

    let bytes = 0;
    const list = async () => {
      const res = await server.request('GET', `/views?perPage=${listSize}&page=0`);
      if (res.status !== 200 || res.body.items.length !== listSize) throw new Error(`list → ${res.status}, ${res.body?.items?.length} items`);
      bytes = res.bytes;
    };
    await inParallel(5, 1, list);
    const l0 = await server.cpuMicros();
    await inParallel(lists, 1, list);
    const l1 = await server.cpuMicros();
    return {
      createUs: (c1 - c0) / creates,
      updateUs: (u1 - u0) / updates,
      listUs: (l1 - l0) / lists,
      listBytes: bytes,
      marks: server.marks,
      bodyBytes: viewBody(1).length,
    };
  } finally {
    await server.close();
  }
}
