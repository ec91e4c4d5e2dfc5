// A local Experience API server in a child process of its own, for measuring the server's CPU
// time per request: the parent sends the requests, and asks this process over IPC for
// process.cpuUsage() before and after, so none of the client's work is counted.
// Messages in: { type: 'cpu' } → { type: 'cpu', usage, atMicros }; { type: 'exit' } closes and
// exits (cleanly, so `node --cpu-prof` writes its profile). Started by bench/lib/server-cpu.js.
// With { floor: { createBytes, listBytes } } it is instead a bare node:http server answering
// every POST/PATCH with createBytes and every GET with listBytes of JSON: what any Node server
// pays per request on this machine (HTTP parsing, the socket writes), for comparison. With
// { fastifyFloor: { createBytes, listBytes } } the same answers come from fastify (the server's
// options, its JSON body parser, one route per method, no hooks): what the framework adds.
import http from 'node:http';
import path from 'node:path';
import { ROOT, fromDist } from './paths.js';

const options = JSON.parse(process.argv[2] ?? '{}');

/** A JSON answer of about `bytes` bytes. */
const floorJson = (bytes) => Buffer.from(JSON.stringify({ items: 'x'.repeat(Math.max(0, bytes - 13)) }));

async function start() {
  if (options.fastifyFloor) return startFastifyFloor(options.fastifyFloor);
  if (!options.floor) {
    const { startServer } = await fromDist('server/index.js');
    return startServer({ port: 0, host: '127.0.0.1', ...options.server });
  }
  const created = floorJson(options.floor.createBytes);
  const listed = floorJson(options.floor.listBytes);
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'GET') JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const body = req.method === 'GET' ? listed : created;
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    applicationId: 'f100f100f100f100f100f100',
    token: 'floor',
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** fastify answering like the bare floor (see the header). */
async function startFastifyFloor({ createBytes, listBytes }) {
  const { default: Fastify } = await import(new URL(`file://${path.join(ROOT, 'node_modules', 'fastify', 'fastify.js')}`).href);
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, routerOptions: { maxParamLength: 1024, ignoreTrailingSlash: true } });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, JSON.parse(body)));
  const created = floorJson(createBytes);
  const listed = floorJson(listBytes);
  const type = 'application/json; charset=utf-8';
  const prefix = '/applications/:applicationId/experience/views';
  app.post(prefix, async (_req, reply) => reply.code(201).type(type).send(created));
  app.patch(`${prefix}/:id`, async (_req, reply) => reply.type(type).send(created));
  app.get(prefix, async (_req, reply) => reply.type(type).send(listed));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${app.server.address().port}`,
    applicationId: 'f100f100f100f100f100f100',
    token: 'floor',
    close: () => app.close(),
  };
}

const server = await start();
process.on('message', async (msg) => {
  if (msg?.type === 'cpu') process.send({ type: 'cpu', usage: process.cpuUsage(), atMicros: Number(process.hrtime.bigint() / 1000n) });
  if (msg?.type === 'exit') {
    await server.close();
    process.disconnect();
    process.exit(0);
  }
});
process.send({ type: 'ready', url: server.url, applicationId: server.applicationId, token: server.token });
