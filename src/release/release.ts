// `lxp release <version>`: deploy the folder to develop, freeze develop into a version, point
// slugs/domains at it. The order is what makes it safe to re-run:
//   1. check everything that can be checked without writing (name, slugs/domains, an existing
//      version's content) — a refusal writes nothing;
//   2. deploy (the same plan and conflict rules as `lxp deploy`);
//   3. read develop back and compare it with the folder — a deploy that did not leave develop
//      holding the folder (a concurrent edit, a partial deploy) creates no version;
//   4. create the version, pointing nothing at it yet;
//   5. read the version back and compare it with the folder: develop may change between step 3's
//      read and the freeze (no API makes the two one step), so what was frozen is what is
//      checked. A version that is not the folder is deleted again (nothing points at it) and no
//      slug or domain is re-pointed;
//   6. re-point the slugs and domains at it.
// A version that already exists with the folder's content is a success that changes nothing but
// the slugs/domains still pointing elsewhere (which is how a re-run finishes an interrupted job).
import type { ApiView, ExperienceClient } from '../api/types.js';
import { ApiError } from '../api/errors.js';
import { compareWithFolder, describeDifferences, type FolderDifference } from './compare.js';
import { compareResourcesWithFolder, type FolderVersionedResources } from './compare-resources.js';
import type { FolderViews } from './folder.js';
import type { TemplateWarning } from '../render/lint.js';
import { invalid, ReleaseError } from './errors.js';
import { applyRepoints, planRepoints, resolvePointers, type Pointer, type PointerRequest, type Repoint } from './pointers.js';
import { versionNameProblem } from './version-name.js';

/** The outcome of the deploy step, as the release reports it. */
export interface DeployStepResult {
  /** Writes the deploy sent (or, in a dry run, would send). */
  changes: number;
  /** The deploy's own report (plan and outcomes), passed through to --json as is. */
  report?: unknown;
}

/**
 * Deploys the whole folder to develop. Throws on conflicts (exitCode 3), invalid files (2) or
 * failed writes (1), like `lxp deploy`. With dryRun it plans and writes nothing.
 */
export type DeployStep = (opts: { dryRun: boolean }) => Promise<DeployStepResult>;

export interface ReleaseOptions extends PointerRequest {
  client: ExperienceClient;
  version: string;
  description?: string;
  dryRun?: boolean;
  /** The folder's views (throws, exit 2, when the folder is invalid). */
  loadFolder: () => Promise<FolderViews>;
  /** Views made on develop (not in the folder) go into the version (--include-remote). */
  includeRemote?: boolean;
  /** Handed the folder's template warnings as soon as it is read, before anything is sent. */
  onWarnings?: (warnings: TemplateWarning[]) => void;
  /** The endpoints and settings the folder declares (throws, exit 2, when their files are invalid). Default: none. */
  loadResources?: () => Promise<FolderVersionedResources>;
  /**
   * The slugs and domains experience.yaml lists: the deploy creates them at develop when missing,
   * so `--slug`/`--domain` may name them before they exist. Default: none.
   */
  loadDeclaredPointers?: () => Promise<PointerRequest>;
  deploy: DeployStep;
  /** Told as each step that writes (or whose request may land) begins: how far an interrupted release got. Not called in a dry run. */
  onStep?: (step: ReleaseStep) => void;
}

/** The steps of a release that write: re-pointing for a version that already existed, or deploy → check develop → create the version → check it → re-point. */
export type ReleaseStep = 'repoint-existing' | 'deploy' | 'verify' | 'create-version' | 'verify-version' | 'repoint';

export type VersionStatus = 'created' | 'existing' | 'would-create';

export interface ReleaseResult {
  /** Template warnings of the folder (unknown components, helpers): told, not refused. */
  warnings: TemplateWarning[];
  version: string;
  description: string;
  /** created now; existing (same content, nothing to create); would-create (dry run). */
  status: VersionStatus;
  dryRun: boolean;
  deploy: { skipped: boolean; changes: number; report?: unknown };
  repoints: Repoint[];
}

export async function release(opts: ReleaseOptions): Promise<ReleaseResult> {
  const { client, version } = opts;
  const description = opts.description ?? '';
  const dryRun = !!opts.dryRun;
  const problem = versionNameProblem(version);
  if (problem) throw invalid(`invalid version name "${version.slice(0, 80)}": ${problem}`);
  if (description.length > 32767) throw invalid('the description is longer than 32767 characters');

  // 1. Everything checkable before a write.
  const folder = await opts.loadFolder();
  opts.onWarnings?.(folder.warnings);
  const compare = (remote: Parameters<typeof compareWithFolder>[1]) => compareWithFolder(folder.views, remote, { includeRemote: opts.includeRemote, ignores: folder.ignores });
  const declared = (await opts.loadResources?.()) ?? {};
  /** A version's endpoints and settings against the folder's (no request when the folder declares neither). */
  const resourceDiffs = async (name: string, views: ApiView[]): Promise<FolderDifference[]> => {
    if (!declared.endpoints && !declared.settings) return [];
    const [endpoints, frozen] = await Promise.all([declared.endpoints ? client.listEndpoints({ version: name }) : [], client.getVersion(name)]);
    if (!frozen) return [{ key: `version:${name}`, kind: 'missing' }];
    return compareResourcesWithFolder(declared, { views, endpoints, version: frozen }, client.applicationId, { includeRemote: opts.includeRemote });
  };
  const declaredPointers = (await opts.loadDeclaredPointers?.()) ?? { slugs: [], domains: [] };
  const [{ pointers, pending }, existing] = await Promise.all([resolvePointers(client, opts, declaredPointers), client.getVersion(version)]);
  const pendingNames = [...pending.slugs.map((n) => `slug "${n}"`), ...pending.domains.map((n) => `domain "${n}"`)];

  if (existing) {
    if (existing.version !== version) throw invalid(`"${version}" is the id of version "${existing.version}"; name the version`);
    const versionViews = await client.listViews({ version });
    const diffs = [...compare(versionViews), ...(await resourceDiffs(version, versionViews))];
    if (diffs.length) {
      throw invalid(
        `version "${version}" already exists with other content (${describeDifferences(diffs)}); versions are immutable — release under a new name`,
        'already-exists',
      );
    }
    if (pendingNames.length) {
      throw invalid(
        `${pendingNames.join(', ')} ${pendingNames.length === 1 ? 'does not exist yet: experience.yaml lists it' : 'do not exist yet: experience.yaml lists them'}, but version "${version}" already exists, so this release does not deploy. ` +
          `Run \`lxp deploy\` to create ${pendingNames.length === 1 ? 'it' : 'them'}, then release again.`,
        'not-found',
      );
    }
    const repoints = planRepoints(pointers, version);
    if (!dryRun) {
      opts.onStep?.('repoint-existing');
      await applyRepoints(client, repoints, [`version ${version} already existed with the folder's content`]);
    }
    return { warnings: folder.warnings, version, description: existing.description ?? '', status: 'existing', dryRun, deploy: { skipped: true, changes: 0 }, repoints };
  }

  // 2. Deploy (which creates, at develop, the slugs and domains experience.yaml lists and develop lacks).
  if (!dryRun) opts.onStep?.('deploy');
  const deployed = await opts.deploy({ dryRun });
  const created = (p: Pointer): Repoint => ({ ...planRepoints([p], version)[0], created: true });
  if (dryRun) {
    const toCreate = [
      ...pending.slugs.map((name): Pointer => ({ kind: 'slug', id: '', name, version: 'develop' })),
      ...pending.domains.map((name): Pointer => ({ kind: 'domain', id: '', name, version: 'develop' })),
    ];
    const repoints = [...planRepoints(pointers, version), ...toCreate.map(created)];
    return { warnings: folder.warnings, version, description, status: 'would-create', dryRun, deploy: { skipped: false, ...deployed }, repoints };
  }
  const done = [`deployed the folder to develop (${deployed.changes} change${deployed.changes === 1 ? '' : 's'})`];
  let repoints = planRepoints(pointers, version);
  if (pendingNames.length) {
    try {
      repoints = [...repoints, ...(await resolvePointers(client, pending)).pointers.map(created)];
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ReleaseError(`the deploy did not create ${pendingNames.join(', ')} (${reason}), so no version was created. Run \`lxp deploy\`, then release again.`, 1, done, [`create version ${version}`]);
    }
  }
  const notDone = [`create version ${version}`, ...repoints.filter((r) => r.changed).map((r) => `re-point ${r.kind} ${r.name} to ${version}`)];

  // 3. develop must hold the folder: views, endpoints, settings.
  opts.onStep?.('verify');
  const developViews = await client.listViews();
  const diffs = [...compare(developViews), ...(await resourceDiffs('develop', developViews))];
  if (diffs.length) {
    throw new ReleaseError(
      `develop differs from the folder after the deploy (${describeDifferences(diffs)}), so no version was created. ` +
        'Someone may be editing develop; run `lxp status`, then release again.',
      1,
      done,
      notDone,
    );
  }

  // 4. Freeze, pointing nothing at it yet.
  opts.onStep?.('create-version');
  try {
    await client.createVersion({ version, description });
  } catch (err) {
    const reason = err instanceof ApiError ? err.describe() : err instanceof Error ? err.message : String(err);
    const clash = err instanceof ApiError && (err.type === 'AlreadyExists' || err.status === 409);
    throw new ReleaseError(
      [
        `creating version ${version} failed: ${reason}`,
        ...done.map((d) => `  done: ${d}`),
        ...notDone.map((n) => `  not done: ${n}`),
        clash ? 'The version was created meanwhile by someone else; check it with `lxp versions`.' : 'Run the same command again to finish.',
      ].join('\n'),
      clash ? 2 : 1,
      done,
      notDone,
      clash ? 'already-exists' : 'api-error',
    );
  }
  const made = [...done, `created version ${version}`];
  const repointing = notDone.slice(1);

  // 5. The version must hold the folder: develop may have changed since step 3 read it.
  opts.onStep?.('verify-version');
  const frozenViews = await client.listViews({ version });
  const frozen = [...compare(frozenViews), ...(await resourceDiffs(version, frozenViews))];
  if (frozen.length) {
    // Nothing points at it: deleting it lets the same command run again.
    const deleted = await client.deleteVersion(version).then(
      () => true,
      () => false,
    );
    throw new ReleaseError(
      `develop changed while version ${version} was being created, so the version is not the folder (${describeDifferences(frozen)}): ` +
        (deleted ? 'it was deleted again' : 'deleting it again failed: it is left, pointed at by nothing (delete it in Losant before releasing this name again)') +
        ', and no slug or domain was re-pointed. Someone may be editing develop; run `lxp status`, then release again.',
      1,
      deleted ? done : made,
      deleted ? notDone : repointing,
    );
  }

  // 6. Re-point.
  opts.onStep?.('repoint');
  await applyRepoints(client, repoints, made);
  return { warnings: folder.warnings, version, description, status: 'created', dryRun, deploy: { skipped: false, ...deployed }, repoints };
}
