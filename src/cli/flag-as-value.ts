// `lxp release v2 --slug --json`: commander gives a flag that needs a value the next word, even
// when that word is another flag of the command, so `--slug` silently became "--json" and the run
// printed text where a script waited for the --json envelope (review 9). A value that is exactly
// one of the command's own flags is taken as the value left out; a value that really is such a
// word is still written with `=` (`--slug=--json`).
import type { Command, Option } from 'commander';

/** Every flag (long and short) a command accepts, its ancestors' included. */
function flagsOf(cmd: Command): Set<string> {
  const out = new Set<string>(['--help', '-h']);
  for (let c: Command | null = cmd; c; c = c.parent) {
    for (const o of c.options as readonly Option[]) {
      if (o.long) out.add(o.long);
      if (o.short) out.add(o.short);
    }
  }
  return out;
}

/**
 * The first option of `cmd` given a flag of the command as its value (not written with `=`), as
 * commander's own wording would say it; else undefined. `args` is the command line as typed.
 */
export function flagTakenAsValue(cmd: Command, args: readonly string[]): string | undefined {
  const flags = flagsOf(cmd);
  for (const o of cmd.options as readonly Option[]) {
    if (!o.required && !o.optional) continue;
    const value: unknown = cmd.getOptionValue(o.attributeName());
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== 'string' || !flags.has(v)) continue;
      if (args.some((a) => a === `${o.long}=${v}`)) continue;
      return `option '${o.flags}' argument missing: it was followed by ${v}, another option (to give ${v} as its value, write ${o.long ?? o.short}=${v})`;
    }
  }
  return undefined;
}
