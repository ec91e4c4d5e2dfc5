// A local Experience API server in a child process of its own, for measuring the server's CPU
// time per request: the parent sends the requests, and asks this process over IPC for
// process.cpuUsage() before and after, so none of the client's work is counted.
// Messages in: { type: 'cpu' } → { type: 'cpu', usage }; { type: 'exit' } closes and exits
// (cleanly, so `node --cpu-prof` writes its profile). Started by bench/lib/server-cpu.js.
import { fromDist } from './paths.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const { startServer } = await fromDist('server/index.js');
const server = await startServer({ port: 0, host: '127.0.0.1', ...options });

process.on('message', async (msg) => {
  if (msg?.type === 'cpu') process.send({ type: 'cpu', usage: process.cpuUsage(), atMicros: Number(process.hrtime.bigint() / 1000n) });
  if (msg?.type === 'exit') {
    await server.close();
    process.disconnect();
    process.exit(0);
  }
});
process.send({ type: 'ready', url: server.url, applicationId: server.applicationId, token: server.token });
