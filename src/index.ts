// lxp as a library: read a folder, plan against an application, apply — without the CLI.
//
//   import { connect, deploy, loadProject, plan } from 'lxp';
//   const conn = await connect({ dir: 'site', target: 'staging' });
//   try {
//     const report = await deploy({ dir: 'site', client: conn.client, target: conn.target.name });
//     if (report.exitCode !== 0) console.error(report.message);
//   } finally {
//     await conn.close();
//   }
//
// deploy()/pull()/compare() run the whole pipeline (validate → one list → plan → apply, state
// saved as it goes); plan() alone is pure, for tools that bring their own data.

// The folder: views, validation, names ⇄ files.
export {
  loadProject,
  parseViewFile,
  serializeViewFile,
  updateViewFile,
  parseUsersCsv,
  resources,
  fileForView,
  formatIssue,
  hashContent,
  viewKey,
  MANAGED_TAG,
  VIEW_TYPES,
  VIEW_TYPE_FOLDERS,
  type LoadedProject,
  type LoadOptions,
  type LocalView,
  type ValidationIssue,
  type ViewContent,
  type ViewType,
  type CsvUser,
  type UsersCsv,
} from './project/index.js';

// The sync engine.
export {
  compare,
  deploy,
  pull,
  deployOrThrow,
  SyncFailedError,
  prepare,
  finish,
  isFailure,
  sendsRequest,
  plan,
  differences,
  leavesInSync,
  isWrite,
  applyDeploy,
  applyPull,
  toRemoteViews,
  StateStore,
  StateError,
  DEFAULT_CONCURRENCY,
  type SyncOptions,
  type SyncReport,
  type SyncOutcome,
  type SyncCommand,
  type PrepareOptions,
  type Prepared,
  type Refused,
  type HoldReason,
  type Plan,
  type PlanInput,
  type PlannedChange,
  type ChangeKind,
  type ChangeAction,
  type ChangeResult,
  type ResultStatus,
  type ApplyEvents,
  type Direction,
  type RemoteView,
  type StateEntry,
  type TargetState,
} from './sync/index.js';

// Targets and the API client.
export { connect, localApplicationId, type Connection, type ConnectOptions } from './sync/connection.js';
export { createClient, type ClientOptions, type RequestEvent } from './api/client.js';
export { ApiError } from './api/errors.js';
export type { ExperienceClient, ApiView, ApiViewPost, ApiViewPatch, ApiUser, ApiUserPost, ApiUserPatch, ClientStats, ConcurrencyStats } from './api/types.js';
export { resolveTarget, findExperienceFolder, NoExperienceFolderError, ConfigError, type ResolvedTarget, loadConfig, resolveConcurrency, type ConcurrencySetting } from './config/index.js';

// Exit codes and error kinds: what every command ends with, and the one mapping from an error to them.
export { EXIT, LxpError, UsageError, exitCodeFor, type ErrorCode } from './sync/errors.js';
export { describeError, exitCodeOf, isRefusedToken, type DescribedError } from './sync/describe-error.js';

// Watch mode as a library (what `lxp watch` runs).
export {
  startWatch,
  formatWatchEvent,
  WatchFatalError,
  type WatchOptions,
  type Watcher,
  type WatchEvent,
  type WatchEventHandler,
} from './watch/index.js';
export type { NotPushed } from './watch/events.js';

// The release steps (what `lxp release`, `promote`, `restore` and `versions` run).
export { release, type ReleaseOptions, type ReleaseResult } from './release/release.js';
export { promote, type PromoteResult } from './release/promote.js';
export { checkRestorable, restoreDevelop, type RestoreResult } from './release/restore.js';
export { readVersionRows, type VersionRow } from './release/versions.js';
export { ReleaseError } from './release/errors.js';

// lxp import (what `lxp import` runs): an export, template or official-CLI workspace → a folder.
export { importExperience, type ImportOptions, type ImportResult } from './import/import.js';
export { formatReport, type ReportItem, type ReportKind } from './import/report.js';

// The command line, in-process: runCli(['deploy', '--json'], io) is `lxp deploy --json`.
export { runCli } from './cli/main.js';
export { processIO, type CommandIO } from './cli/io.js';

// The local Experience API server (what `lxp server` runs), for tests and tools that want one in-process.
export { startServer, type ServerOptions, type RunningServer, type ApplicationUsers } from './server/index.js';

// The Losant-faithful renderer and the preview server.
export { createRenderer, type Renderer, type RenderView } from './render/engine.js';
export { RenderError } from './render/errors.js';
export { startPreview, type PreviewOptions, type PreviewServer, type PreviewRoute, type PreviewRequest, type DevSignIn } from './preview/server.js';

// The experience runtime (Losant's request handling over a snapshot of one version) and
// Losant's routing rules.
export {
  ExperienceRuntime,
  replyFileProvider,
  replyFileCandidates,
  parseReplyFile,
  ReplyError,
  SCENARIO_PARAM,
  type ExperienceSnapshot,
  type RuntimeEndpoint,
  type RuntimeRequest,
  type RuntimeResponse,
  type ResponseTrace,
  type RuntimeOptions,
  type ReplyProvider,
  type WorkflowReply,
  type UserDirectory,
} from './runtime/index.js';
export { routeProblem, conflicts, routesConflict, EndpointRouter, endpointKey } from './routing/index.js';
