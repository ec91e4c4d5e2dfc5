// What an import read, in lxp's terms: views, endpoints, groups and settings by name, users for
// the CSV, and the report — before anything is written. Both readers (an export, an official-CLI
// workspace) give this, and one writer turns it into a folder.
import type { EndpointContent } from '../project/resources/endpoint.js';
import type { GroupContent } from '../project/resources/group.js';
import type { SettingsContent } from '../project/resources/settings.js';
import type { ViewType } from '../project/view.js';
import type { Layout } from './detect.js';
import type { ImportedUser } from './export-users.js';
import type { ImportedView } from './export-views.js';
import type { ReportItem } from './report.js';

export type { ImportedUser, ImportedView };

export interface Imported {
  layout: Layout;
  /** The application the source comes from, as far as it says. */
  application: { name?: string; id?: string; apiUrl?: string };
  views: ImportedView[];
  /** Each undefined when the source has no such file: the folder then leaves that kind alone. */
  endpoints?: EndpointContent[];
  groups?: GroupContent[];
  settings?: SettingsContent;
  users?: ImportedUser[];
  report: ReportItem[];
  /**
   * Official-CLI workspace with --target: the views an import of the same files without --target
   * makes (bodies only, named after their files) — what an earlier such import wrote into the
   * folder, which this one replaces (src/import/earlier-import.ts).
   */
  bodiesOnly?: ImportedView[];
  /**
   * Official-CLI workspace with --target: develop's views no file of the workspace was matched to
   * — what a deploy or pull does about each depends on the folder's sync state (src/import/sync-fate.ts).
   */
  remoteOnly?: RemoteOnlyView[];
}

/** A view of develop with no file in the workspace. */
export interface RemoteOnlyView {
  id: string;
  viewType: ViewType;
  name: string;
  /** It carries lxp's managed tag (deployed by lxp from some folder). */
  managed: boolean;
  /** Its content's hash as a sync compares it. */
  hash: string;
}
