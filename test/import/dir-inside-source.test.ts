// `lxp import exp --dir exp/experience`: the folder written is never read as part of the source,
// so a --dir inside what the import reads is refused as what it is — not as a source that "holds
// neither an exported application nor an official-CLI workspace" (review 11, R15).
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../harness/folder.js';
import { EXPORT_FIXTURE, WORKSPACE_FIXTURE, importSandbox } from './helpers.js';

const sandbox = importSandbox('lxp-import-inside-');
const lxp = sandbox.lxp;

describe('a --dir inside the part of the source the import reads', () => {
  it('an export: experience/ or experience/develop/ (with or without --force) refused, exit 2 usage, the folder named, nothing written', async () => {
    await cp(EXPORT_FIXTURE, path.join(sandbox.root(), 'exp'), { recursive: true });
    const before = await snapshot(path.join(sandbox.root(), 'exp'));
    for (const [dir, part, force] of [
      ['exp/experience', 'experience', []],
      ['exp/experience/develop', 'experience/develop', ['--force']],
      ['exp/experience/develop/pages', 'experience', ['--force']],
    ] as const) {
      const r = await lxp(['exp', '--dir', dir, ...force, '--json']);
      expect(r.code, r.stdout).toBe(2);
      expect(r.json.error.code).toBe('usage');
      expect(r.json.error.message).toBe(
        `--dir ${dir} is inside exp (${part}/), which the import reads: lxp import never reads the folder it writes, so it cannot import exp into it. Choose a --dir outside ${part}/ — beside exp, say. Nothing was written.`,
      );
      expect(r.json.error.message).not.toContain('holds neither');
      expect(await snapshot(path.join(sandbox.root(), 'exp'))).toEqual(before);
    }
    // A folder of the source that the import does not read is still a fine --dir.
    await mkdir(path.join(sandbox.root(), 'exp', 'site'));
    expect((await lxp(['exp', '--dir', 'exp/site'])).code).toBe(0);
  });

  it("a workspace: a --dir inside its experience/ is refused; beside it, imported", async () => {
    await cp(WORKSPACE_FIXTURE, path.join(sandbox.root(), 'ws'), { recursive: true });
    await mkdir(path.join(sandbox.root(), 'ws', 'experience', 'out'));
    const before = await snapshot(path.join(sandbox.root(), 'ws'));
    const r = await lxp(['ws', '--dir', 'ws/experience/out', '--json']);
    expect(r.code, r.stdout).toBe(2);
    expect(r.json.error.message).toContain('is inside ws (experience/), which the import reads');
    expect(await snapshot(path.join(sandbox.root(), 'ws'))).toEqual(before);
    await mkdir(path.join(sandbox.root(), 'ws', 'site'));
    expect((await lxp(['ws', '--dir', 'ws/site'])).code).toBe(0);
  });
});
