// Server CPU per request: a local server in its own process (cpu-server-child.js), driven over
// keep-alive HTTP from this process, with the server's process.cpuUsage() read before and after
// a batch of requests. CPU time, not wall time: what the server spends, whatever else runs.
import { fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageText } from './folder.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cpu-server-child.js');

/**
 * Starts the child. childOptions: { server: options for startServer (e.g. { dataDir }) } or
 * { floor: { createBytes, listBytes } } (see cpu-server-child.js); execArgv go to node
 * (e.g. ['--cpu-prof', '--cpu-prof-dir', dir]).
 */
export async function startCpuServer(childOptions = {}, execArgv = []) {
  const child = fork(CHILD, [JSON.stringify(childOptions)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
  const usages = [];
  /** CPU microseconds (user + system) the server process has used so far. */
  function cpuMicros() {
    return new Promise((resolve) => {
      const onMessage = (msg) => {
        if (msg?.type !== 'cpu') return;
        child.off('message', onMessage);
        marks.push(msg.atMicros);
        usages.push(msg.usage);
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
    /** Every reading as { user, system } (µs). */
    usages,
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

/**
 * A page body of ~1.5 KB with 24 mustaches, about as busy as example-experience's device page;
 * `i` and `revision` make every body different (so the server's parse cache never helps).
 */
export function viewBody(i, revision = 0) {
  return (
    `{{#fillSection "title"}}{{pageData.device.name}} · view ${i}{{/fillSection}}\n` +
    `{{#with pageData.device}}\n  <p><a href="/devices">All devices</a> · revision ${revision}</p>\n  <h1>{{name}}</h1>\n` +
    `  <p>{{defaultTo description "No description."}}</p>\n  <table class="readings readings-${i}">\n` +
    `    <tr><th>Status</th><td class="status-{{connectionStatus.status}}">{{titleCase connectionStatus.status}}</td></tr>\n` +
    `    <tr><th>Last seen</th><td>{{formatDate lastUpdated "YYYY-MM-DD HH:mm" tz="UTC"}} UTC</td></tr>\n` +
    `    <tr><th>Temperature</th><td>{{format attributes.temperature ".1f"}} °C</td></tr>\n` +
    `    <tr><th>Humidity</th><td>{{format attributes.humidity ".0%"}}</td></tr>\n` +
    `    <tr><th>Battery</th><td>{{#lt attributes.battery 20}}<strong>Low ({{attributes.battery}}%)</strong>{{else}}{{attributes.battery}}%{{/lt}}</td></tr>\n` +
    `  </table>\n  <h2>Tags</h2>\n  <ul class="tags">\n    {{#each tags}}<li>{{@key}}: {{join this ", "}}</li>{{/each}}\n  </ul>\n` +
    `  <p class="note">Readings refresh every thirty seconds; values older than an hour are shown in grey. ` +
    `Contact the site team if a device stays offline for more than a day.</p>\n{{/with}}\n` +
    `{{#fillSection "scripts"}}\n  <script>setTimeout(function () { location.reload(); }, 30000);</script>\n{{/fillSection}}\n` +
    `<!-- ${'view '.repeat(50)}${i} -->\n`
  );
}

/** The body of a page of the deploy benchmarks' folders (bench/lib/folder.js), without front matter. */
export function benchPageBody(i, revision = 0) {
  return pageText(i, revision ? ` r${revision}` : '').replace(/^---\n[\s\S]*?\n---\n/, '');
}

export const BODIES = { busy: viewBody, bench: benchPageBody };

/**
 * Server CPU per create, per update and per list of `listSize` views, as microseconds per
 * request. Each phase is measured after a warm-up of the same kind of request long enough for
 * V8 to have optimised the server's code: the first ~2500 requests of a fresh Node process cost
 * up to 4× what later ones do (interpreted code, and the optimising compiler's own threads,
 * which process CPU time counts), bare node:http included. The first `creates` creates of the
 * fresh server are reported too (coldCreateUs): what a short-lived server pays.
 * creates and updates go `concurrency` at a time, as a deploy sends them; every body is new to
 * the server. childOptions as for startCpuServer ({ server } or { floor }); bodies: 'busy'
 * (viewBody, the default) or 'bench' (benchPageBody).
 */
export async function measureServerCpu({ childOptions = {}, execArgv = [], creates = 2000, updates = 1000, lists = 30, listSize = 1000, concurrency = 8, bodies = 'busy', warmCreates = 3000, warmUpdates = 2000 } = {}) {
  const viewBody = BODIES[bodies];
  const server = await startCpuServer(childOptions, execArgv);
  const floor = childOptions.floor !== undefined || childOptions.fastifyFloor !== undefined;
  try {
    const ids = [];
    const create = async (i) => {
      const res = await server.request('POST', '/views', { name: `view-${i}`, viewType: 'page', description: `View ${i}`, body: viewBody(i) });
      if (res.status !== 201) throw new Error(`create → ${res.status}: ${JSON.stringify(res.body)}`);
      ids[i] = floor ? String(i) : res.body.id;
      return res.bytes;
    };
    const cold0 = await server.cpuMicros();
    await inParallel(creates, concurrency, create);
    const cold1 = await server.cpuMicros();
    const warm = Math.max(creates, warmCreates);
    await inParallel(warm - creates, concurrency, (i) => create(creates + i));
    const c0 = await server.cpuMicros();
    await inParallel(creates, concurrency, (i) => create(warm + i));
    const c1 = await server.cpuMicros();

    const update = async (i) => {
      const id = ids[i % ids.length];
      const res = await server.request('PATCH', `/views/${id}`, { body: viewBody(i, 1 + Math.floor(i / ids.length)), description: `Updated ${i}` });
      if (res.status !== 200) throw new Error(`update → ${res.status}: ${JSON.stringify(res.body)}`);
    };
    await inParallel(warmUpdates, concurrency, (i) => update(updates + i));
    const u0 = await server.cpuMicros();
    await inParallel(updates, concurrency, update);
    const u1 = await server.cpuMicros();

    let bytes = 0;
    const list = async () => {
      const res = await server.request('GET', `/views?perPage=${listSize}&page=0`);
      if (res.status !== 200 || (!floor && res.body.items.length !== listSize)) throw new Error(`list → ${res.status}, ${res.body?.items?.length} items`);
      bytes = res.bytes;
    };
    await inParallel(5, 1, list);
    const l0 = await server.cpuMicros();
    await inParallel(lists, 1, list);
    const l1 = await server.cpuMicros();
    return {
      createUs: (c1 - c0) / creates,
      coldCreateUs: (cold1 - cold0) / creates,
      updateUs: (u1 - u0) / updates,
      listUs: (l1 - l0) / lists,
      listBytes: bytes,
      bodyBytes: Buffer.byteLength(viewBody(1)),
      marks: server.marks,
    };
  } finally {
    await server.close();
  }
}
