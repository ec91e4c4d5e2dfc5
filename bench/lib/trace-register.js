// `node --import ./trace-register.js …`: installs trace-hooks.js (every module resolved through
// import), and at exit also records the CommonJS modules loaded with require() — lxp loads its
// parsers that way, lazily (src/project/lazy-parsers.ts), and those never pass the import hooks.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

register('./trace-hooks.js', import.meta.url);

const required = createRequire(import.meta.url).cache;
process.on('exit', () => {
  if (!process.env.LXP_TRACE_FILE) return;
  const files = Object.keys(required);
  if (files.length) appendFileSync(process.env.LXP_TRACE_FILE, `${files.join('\n')}\n`);
});
