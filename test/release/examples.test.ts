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

/** How a CI example gets lxp: the repository's own dev dependency (npm ci), run through npx. */
function expectInstalledAsDevDependency(text: string, installs: string[]): void {
  expect(text).not.toMatch(/npm install --global|npm i -g|npm install -g/);
  expect(installs.some((cmd) => /^npm ci\b/.test(cmd.trim()))).toBe(true);
  // Every lxp command line goes through npx (node_modules/.bin), never a global binary.
  const commands = text.split('\n').filter((l) => !l.trim().startsWith('#') && /\blxp (deploy|release|status|promote|versions) -/.test(l));
  expect(commands.length).toBeGreaterThan(1);
  for (const line of commands) expect(line, line).toMatch(/npx lxp (deploy|release|status|promote|versions)\b/);
  // The comments say where the tarball or git URL comes from.
  expect(text).toMatch(/npm pack/);
  expect(text).toMatch(/npm install --save-dev \.\/vendor\/lxp-[\d.]+\.tgz/);
  expect(text).toMatch(/npm install --save-dev git\+https:/);
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
    const runs = Object.values(wf.jobs as Record<string, { steps: { run?: string }[] }>).flatMap((j) => j.steps.map((st) => st.run ?? ''));
    expectInstalledAsDevDependency(text, runs);
  });

  it('GitLab CI: the same jobs', () => {
    const text = read('examples/gitlab-ci/.gitlab-ci.yml');
    const ci = parse(text);
    expect(ci['release-production'].rules[0].if).toMatch(/CI_COMMIT_TAG/);
    expect(ci['release-production'].script.join('\n')).toMatch(/lxp release --from-git .*--slug production/);
    expect(ci['deploy-staging'].script.join('\n')).toMatch(/lxp deploy --target staging/);
    expect(releaseLines(text).length).toBeGreaterThan(0);
    for (const line of releaseLines(text)) for (const f of line.filter((w) => w.startsWith('-'))) expect(flags, f).toContain(f);
    expectInstalledAsDevDependency(text, ci.default.before_script);
  });

  it('the examples README says the same', () => {
    const text = read('examples/README.md');
    expect(text).not.toMatch(/npm install --global/);
    expect(text).toMatch(/npm pack/);
    expect(text).toMatch(/npx lxp deploy/);
  });
});
