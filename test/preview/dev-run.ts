// `lxp dev` run in-process for a test: its --json lines as they come, and a way to stop it (as Ctrl-C).
import { runLxp, type Run } from '../harness/cli.js';

export interface DevRun {
  /** Every JSON line of that type printed so far. */
  lines(type: string): any[];
  /** The nth JSON line of that type (1-based), once printed. */
  line(type: string, nth?: number): Promise<any>;
  /** Stops it; `running` then resolves. */
  stop(): void;
  running: Promise<Run>;
}

export function startDev(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): DevRun {
  let stop!: () => void;
  const stopSignal = new Promise<void>((r) => (stop = r));
  let output = '';
  let seen: () => void = () => {};
  const running = runLxp(['dev', ...args, '--json'], {
    ...opts,
    stopSignal,
    onOutput: (o) => {
      output = o;
      seen();
    },
  });
  const lines = (type: string) => output.split('\n').filter((l) => l.startsWith('{') && JSON.parse(l).type === type).map((l) => JSON.parse(l));
  const line = async (type: string, nth = 1) => {
    for (;;) {
      const hits = lines(type);
      if (hits.length >= nth) return hits[nth - 1];
      await new Promise<void>((r) => (seen = r));
    }
  };
  return { lines, line, stop, running };
}
