#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by npm install).
// On Node 22.1+ compiled code is cached on disk between runs (Node's own cache directory under the
// OS temp folder), which takes most of the module-loading cost off every command's start; Node 20
// has no such cache and simply skips this.
import module from 'node:module';

try {
  module.enableCompileCache?.();
} catch {
  // A cache that cannot be set up only costs speed.
}
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  process.stderr.write(`lxp: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 1;
});
