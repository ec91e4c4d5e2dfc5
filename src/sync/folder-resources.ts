// The folder's side of the kinds besides views, as a run needs it: endpoints.yaml, groups.yaml
// and experience.yaml read and checked (src/project/resources), the kinds the folder declares,
// and the digest of each custom domain's certificate (read from the environment or a file
// outside the folder — the text itself goes no further than this process).
import type { ValidationIssue } from '../project/issues.js';
import type { LoadedProject } from '../project/load.js';
import { loadExperienceFiles, type DomainContent, type FolderRecord, type LoadedExperienceFiles, type ResourceKind } from '../project/resources/index.js';
import { certificateDigest } from './remote-resources.js';
import { readSecret, type SecretSource } from './secrets.js';

export interface FolderResources {
  files: LoadedExperienceFiles;
  /** The folder's records of each kind it declares (a kind it does not declare is absent). */
  local: Partial<Record<ResourceKind, FolderRecord<unknown>[]>>;
}

/** A domain record with the digest of the certificate its folder entry points at, when that can be read. */
function withDigest(r: FolderRecord<DomainContent>, secrets: SecretSource): FolderRecord<DomainContent> {
  const d = r.content;
  if (!d.certificate) return r;
  const cert = readSecret(d.certificate, secrets);
  const bundle = d.bundle ? readSecret(d.bundle, secrets) : { text: '' };
  if ('problem' in cert || 'problem' in bundle) return r; // unknown: compared by name only (a deploy that must send it says why it cannot)
  return { ...r, content: { ...d, certificateDigest: certificateDigest(cert.text, bundle.text) } };
}

export async function loadFolderResources(dir: string, project: LoadedProject, secrets: SecretSource): Promise<FolderResources> {
  const files = await loadExperienceFiles(dir, project.viewNames, { ignored: project.isIgnored });
  const local: FolderResources['local'] = {};
  if (files.endpoints) local.endpoint = files.endpoints;
  if (files.groups) local.group = files.groups;
  if (files.settings) local.settings = [files.settings];
  if (files.slugs) local.slug = files.slugs;
  if (files.domains) local.domain = files.domains.map((r) => withDigest(r, secrets));
  return { files, local };
}

/** The problems of the three files that concern this run (files in its scope). */
export function resourceIssues(r: FolderResources, inScope: (file: string) => boolean): ValidationIssue[] {
  return r.files.issues.filter((i) => inScope(i.file));
}
