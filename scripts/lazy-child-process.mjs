// A rolldown plugin of the CLI bundle (scripts/bundle-cli.mjs): see lazyCommanderChildProcess.
/**
 * commander requires node:child_process when it loads, for one thing: spawning an executable
 * subcommand (`program.command('x', 'description')` with no action), which lxp never declares.
 * On Node 20 loading node:child_process (and the internals only it needs) was ~2–5 ms of every
 * command's start. The stand-in requires it on the first spawn and hands the call on, so what
 * commander does, and how, stays commander's. A commander that no longer has that line is left as
 * it is.
 */
export function lazyCommanderChildProcess() {
  const line = "const childProcess = require('node:child_process');";
  const standIn = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
  return {
    name: 'lxp-lazy-commander-child-process',
    transform: {
      filter: { id: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ },
      handler(code) {
        if (!code.includes(line)) return null;
        // Only spawn is used: anything else of the module would not be handed on.
        const uses = code.match(/\bchildProcess\.\w+/g) ?? [];
        if (uses.some((u) => u !== 'childProcess.spawn')) return null;
        return { code: code.replace(line, standIn), map: null };
      },
    },
  };
}
