// `lxp server`: runs the local Experience API until SIGINT/SIGTERM. Flags are parsed and checked
// here; the server itself (fastify, SQLite) is loaded only when the command runs.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';

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

function number(flag: string, raw: string | undefined, check: (n: number) => boolean, rule: string, UsageError: new (m: string) => Error): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`${flag} must be ${rule} (got "${raw}")`);
  return n;
}

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  program
    .command('server')
    .description('run the local Experience API (persistent, with optional fault injection)')
    .option('--port <port>', 'port to listen on (0 = any free port)', '0')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data <dir>', 'folder of the database (default: .lxp/server in an experience folder, else the user cache; ":memory:" = nothing kept)')
    .option('--token <token>', 'bearer token to accept (default: generated and printed)')
    .option('--app <id>', 'application to serve, 24 hex digits (repeat for more; the first is the main one)', collect, [])
    .option('--name <name>', 'name of the main application')
    .option('--json', 'one JSON line {type:"listening", url, applicationId, applicationIds, token, experienceUrl, dataDir} once listening, the result envelope on stop')
    .option('--latency <ms>', 'milliseconds added to every response')
    .option('--fail-rate <0..1>', 'share of requests answered 500/502/503 without doing anything')
    .option('--drop-rate <0..1>', 'share of writes committed but never answered (connection closed)')
    .option('--throttle <rps>', 'requests per second beyond which requests get 429 with Retry-After')
    .option('--log <file>', 'append one JSON line per request (method, path, status, ms)')
    .option('--seed <n>', 'seed that makes fault injection deterministic')
    .option('--dir <folder>', 'experience folder whose replies/*.yaml answer endpoints that would run a workflow (default: the nearest folder with lxp.config.json, here or above)')
    .option('--no-sign-in', 'do not serve the development sign-in page /~lxp/sign-in (default: served when listening on loopback)')
    .action(async (flags: ServerFlags) => {
      const [{ runCommand }, { UsageError }, { stopSignal }, { findExperienceFolder }, path, { existsSync }] = await Promise.all([
        import('../shell.js'),
        import('../../sync/errors.js'),
        import('../io.js'),
        import('../../config/folder.js'),
        import('node:path'),
        import('node:fs'),
      ]);
      exit(
        await runCommand('server', { json: flags.json }, io, async (sh) => {
          sh.streamJson();
          const rate = (n: number) => n >= 0 && n <= 1;
          const port = number('--port', flags.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer from 0 to 65535', UsageError);
          const latencyMs = number('--latency', flags.latency, (n) => n >= 0, 'a number of milliseconds >= 0', UsageError);
          const failRate = number('--fail-rate', flags.failRate, rate, 'between 0 and 1', UsageError);
          const dropRate = number('--drop-rate', flags.dropRate, rate, 'between 0 and 1', UsageError);
          const throttle = number('--throttle', flags.throttle, (n) => n > 0, 'a number of requests per second > 0', UsageError);
          const seed = number('--seed', flags.seed, Number.isInteger, 'an integer', UsageError);
          for (const id of flags.app) if (!/^[A-Fa-f\d]{24}$/.test(id)) throw new UsageError(`--app must be 24 hex digits (got "${id}")`);
          if (flags.token !== undefined && !/^\S+$/.test(flags.token)) throw new UsageError('--token must be non-empty, without spaces');

          // The experience folder this runs in (here or above), if any: its .lxp/server holds the
          // data by default, and its replies/ answer workflow endpoints.
          let found: string | undefined;
          try {
            found = findExperienceFolder({ cwd: io.cwd });
          } catch {
            found = undefined;
          }
          const defaultDataDir = async () => {
            if (found) return path.join(found, '.lxp', 'server');
            const { default: envPaths } = await import('env-paths');
            return path.join(envPaths('lxp').cache, 'server');
          };
          const dataDir = flags.data === ':memory:' ? undefined : path.resolve(io.cwd, flags.data ?? (await defaultDataDir()));
          const [main, ...more] = flags.app;
          const experienceDir = flags.dir !== undefined ? path.resolve(io.cwd, flags.dir) : found;
          if (experienceDir !== undefined && !existsSync(experienceDir)) throw new UsageError(`--dir: no folder at ${experienceDir}`);
          if (experienceDir !== undefined) sh.useFolder(experienceDir);

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
            logFile: flags.log === undefined ? undefined : path.resolve(io.cwd, flags.log),
            seed,
            experienceDir,
            signIn: flags.signIn === false ? false : undefined,
            warn: (message) => (sh.json ? sh.jsonLine({ type: 'warning', message }) : sh.note(`lxp server: ${message}`)),
          });
          sh.onClose(() => server.close());
          const experienceUrl = `http://${server.applicationId}.localhost:${server.port}/`;

          if (sh.json) {
            sh.jsonLine({
              type: 'listening',
              url: server.url,
              applicationId: server.applicationId,
              applicationIds: server.applicationIds,
              token: server.token,
              experienceUrl,
              dataDir: dataDir ?? null,
            });
          } else {
            sh.print(`lxp server listening on ${server.url}`);
            sh.print(`  application  ${server.applicationIds.join(', ')}`);
            sh.print(`  token        ${server.token}`);
            sh.print(`  data         ${dataDir ?? 'in memory (nothing is kept)'}`);
            sh.print(`  experience   ${experienceUrl} (also ${server.url}/~/${server.applicationId}/; each slug at http://SLUG.localhost:${server.port}/)`);
            sh.print(`  sign-in      ${server.signIn ? `${experienceUrl}~lxp/sign-in (sign in as any experience user)` : 'off'}`);
            sh.print(`  replies      ${experienceDir ? `${path.join(experienceDir, 'replies')}/<endpoint key>.yaml` : 'none (--dir FOLDER to answer workflow endpoints from reply files)'}`);
            sh.print('Press Ctrl+C to stop.');
          }
          const stop = stopSignal(io, () => process.exit(130));
          await stop.stopped;
          stop.dispose();
          return { outcome: 'stopped', data: { url: server.url } };
        }),
      );
    });
}
