// `lxp server`: runs the local Experience API until SIGINT/SIGTERM. Flags are parsed and checked
// here; the server itself (fastify, SQLite) is loaded only when the command runs.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../sync/errors.js';

interface ServerFlags {
  port: string;
  host: string;
  data?: string;
  token?: string;
  app: string[];
  name?: string;
  json?: boolean;
  latency?: string;
  failRate?: string;
  dropRate?: string;
  throttle?: string;
  log?: string;
  seed?: string;
  dir?: string;
  signIn?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function number(flag: string, raw: string | undefined, check: (n: number) => boolean, rule: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`${flag} must be ${rule} (got "${raw}")`);
  return n;
}

/** `.lxp/server` inside an experience folder (one with lxp.config.json), else the user cache. */
async function defaultDataDir(cwd: string): Promise<string> {
  if (existsSync(join(cwd, 'lxp.config.json'))) return join(cwd, '.lxp', 'server');
  const { default: envPaths } = await import('env-paths');
  return join(envPaths('lxp').cache, 'server');
}

export function define(program: Command): void {
  program
    .command('server')
    .description('run the local Experience API (persistent, with optional fault injection)')
    .option('--port <port>', 'port to listen on (0 = any free port)', '0')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data <dir>', 'folder of the database (default: .lxp/server in an experience folder, else the user cache; ":memory:" = nothing kept)')
    .option('--token <token>', 'bearer token to accept (default: generated and printed)')
    .option('--app <id>', 'application to serve, 24 hex digits (repeat for more; the first is the main one)', collect, [])
    .option('--name <name>', 'name of the main application')
    .option('--json', 'print one line of JSON {url, applicationId, token} once listening')
    .option('--latency <ms>', 'milliseconds added to every response')
    .option('--fail-rate <0..1>', 'share of requests answered 500/502/503 without doing anything')
    .option('--drop-rate <0..1>', 'share of writes committed but never answered (connection closed)')
    .option('--throttle <rps>', 'requests per second beyond which requests get 429 with Retry-After')
    .option('--log <file>', 'append one JSON line per request (method, path, status, ms)')
    .option('--seed <n>', 'seed that makes fault injection deterministic')
    .option('--dir <folder>', 'experience folder whose replies/*.yaml answer endpoints that would run a workflow (default: the current folder when it has lxp.config.json)')
    .option('--no-sign-in', 'do not serve the development sign-in page /~lxp/sign-in (default: served when listening on loopback)')
    .action(async (flags: ServerFlags) => {
      const rate = (n: number) => n >= 0 && n <= 1;
      const port = number('--port', flags.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer from 0 to 65535');
      const latencyMs = number('--latency', flags.latency, (n) => n >= 0, 'a number of milliseconds >= 0');
      const failRate = number('--fail-rate', flags.failRate, rate, 'between 0 and 1');
      const dropRate = number('--drop-rate', flags.dropRate, rate, 'between 0 and 1');
      const throttle = number('--throttle', flags.throttle, (n) => n > 0, 'a number of requests per second > 0');
      const seed = number('--seed', flags.seed, Number.isInteger, 'an integer');
      for (const id of flags.app) if (!/^[A-Fa-f\d]{24}$/.test(id)) throw new UsageError(`--app must be 24 hex digits (got "${id}")`);
      if (flags.token !== undefined && !/^\S+$/.test(flags.token)) throw new UsageError('--token must be non-empty, without spaces');

      const cwd = process.cwd();
      const dataDir = flags.data === ':memory:' ? undefined : resolve(cwd, flags.data ?? (await defaultDataDir(cwd)));
      const [main, ...more] = flags.app;
      const experienceDir = flags.dir !== undefined ? resolve(cwd, flags.dir) : existsSync(join(cwd, 'lxp.config.json')) ? cwd : undefined;
      if (experienceDir !== undefined && !existsSync(experienceDir)) throw new UsageError(`--dir: no folder at ${experienceDir}`);

      const { startServer } = await import('../../server/index.js');
      const server = await startServer({
        port,
        host: flags.host,
        dataDir,
        token: flags.token,
        applicationId: main,
        applicationName: flags.name,
        applications: more.map((id) => ({ id })),
        latencyMs,
        failRate,
        dropRate,
        throttle,
        logFile: flags.log === undefined ? undefined : resolve(cwd, flags.log),
        seed,
        experienceDir,
        signIn: flags.signIn === false ? false : undefined,
      });
      const experienceUrl = `http://${server.applicationId}.localhost:${server.port}/`;

      if (flags.json) {
        process.stdout.write(JSON.stringify({ url: server.url, applicationId: server.applicationId, token: server.token, experienceUrl }) + '\n');
      } else {
        const lines = [
          `lxp server listening on ${server.url}`,
          `  application  ${server.applicationIds.join(', ')}`,
          `  token        ${server.token}`,
          `  data         ${dataDir ?? 'in memory (nothing is kept)'}`,
          `  experience   ${experienceUrl} (also ${server.url}/~/${server.applicationId}/; each slug at http://SLUG.localhost:${server.port}/)`,
          `  sign-in      ${server.signIn ? `${experienceUrl}~lxp/sign-in (sign in as any experience user)` : 'off'}`,
          `  replies      ${experienceDir ? `${join(experienceDir, 'replies')}/<endpoint key>.yaml` : 'none (--dir FOLDER to answer workflow endpoints from reply files)'}`,
          'Press Ctrl+C to stop.',
        ];
        process.stdout.write(lines.join('\n') + '\n');
      }

      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.close().then(done, (err: unknown) => {
            process.stderr.write(`lxp server: ${(err as Error).message}\n`);
            process.exitCode = 1;
            done();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
