// Spawning the CLI and timing it from spawn to exit.
import { spawn } from 'node:child_process';
import { BIN } from './paths.js';

/** { code, ms, stdout, stderr } of `node [nodeArgs] bin/lxp.js ...args`. */
export function runCli(args, { env, cwd, nodeArgs = [] } = {}) {
  return runNode([...nodeArgs, BIN, ...args], { env, cwd });
}

export function runNode(argv, { env, cwd } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, argv, { env: env ?? process.env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, ms: performance.now() - started, stdout, stderr }));
  });
}
