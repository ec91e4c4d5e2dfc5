// The CI examples are documentation people copy: they must parse, trigger on the right events,
// and use only flags the commands really have.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import { processIO } from '../../src/cli/io.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

async function releaseFlags(): Promise<Set<string>> {
  const program = await buildProgram(processIO(), () => {});
  const cmd = program.commands.find((c) => c.name() === 'release')!;
  return new Set(cmd.options.flatMap((o) => [o.long, o.short].filter((x): x is string => !!x)));
}

/** Every `lxp release …` command line in a text. */
function releaseLines(text: string): string[][] {
  return [...text.matchAll(/lxp release([^\n>|]*)/g)].map((m) => m[1].trim().split(/\s+/).filter(Boolean));
}

describe('CI examples', async () => {
  const flags = await releaseFlags();

  it('GitHub Actions: v* tags release from git to the production slug, main deploys to staging', () => {
    const text = read('examples/github-actions/lxp-release.yml');
    const wf = parse(text);
    expect(wf.on.push.tags).toEqual(['v*']);
    expect(wf.on.push.branches).toEqual(['main']);
    const prodRuns = wf.jobs.production.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(prodRuns).toMatch(/lxp release --from-git .*--slug production/);
    expect(JSON.stringify(wf.jobs.production.steps)).toContain('secrets.LOSANT_PRODUCTION_TOKEN');
    expect(wf.jobs.staging.steps.map((s: { run?: string }) => s.run ?? '').join('\n')).toMatch(/lxp deploy --target staging/);
    for (const line of releaseLines(text)) for (const f of line.filter((w) => w.startsWith('-'))) expect(flags, f).toContain(f);
  });

  it('GitLab CI: the same jobs', () => {
    const text = read('examples/gitlab-ci/.gitlab-ci.yml');
    const ci = parse(text);
    expect(ci['release-production'].rules[0].if).toMatch(/CI_COMMIT_TAG/);
    expect(ci['release-production'].script.join('\n')).toMatch(/lxp release --from-git .*--slug production/);
    expect(ci['deploy-staging'].script.join('\n')).toMatch(/lxp deploy --target staging/);
    expect(releaseLines(text).length).toBeGreaterThan(0);
    for (const line of releaseLines(text)) for (const f of line.filter((w) => w.startsWith('-'))) expect(flags, f).toContain(f);
  });
});
