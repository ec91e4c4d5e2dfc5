// `node rss-wrapper.js <lxp args>`: runs the CLI in this process and, as it exits, writes its
// peak resident memory (kB) to $LXP_BENCH_RSS_FILE. Used when /usr/bin/time is not available.
import { writeFileSync } from 'node:fs';
import { fromDist } from './paths.js';

process.on('exit', () => {
  if (process.env.LXP_BENCH_RSS_FILE) writeFileSync(process.env.LXP_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
const { main } = await fromDist('cli/main.js');
// main() reads argv like the real binary: [node, script, ...args].
await main([process.argv[0], 'lxp', ...process.argv.slice(2)]);
