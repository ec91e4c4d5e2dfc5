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
export type { ExperienceClient, ApiView, ApiViewPost, ApiViewPatch } from './api/types.js';
export { resolveTarget, type ResolvedTarget } from './config/index.js';
export { EXIT } from './sync/errors.js';

// The local Experience API server (what `lxp server` runs), for tests and tools that want one in-process.
export { startServer, type ServerOptions, type RunningServer } from './server/index.js';

// The Losant-faithful renderer and the preview server.
export { createRenderer, type Renderer, type RenderView } from './render/engine.js';
export { RenderError } from './render/errors.js';
export { startPreview, type PreviewOptions, type PreviewServer } from './preview/server.js';

// The experience runtime (Losant's request handling over a snapshot of one version) and
// Losant's routing rules.
export {
  ExperienceRuntime,
  replyFileProvider,
  parseReplyFile,
  ReplyError,
  SCENARIO_PARAM,
  type ExperienceSnapshot,
  type RuntimeEndpoint,
  type RuntimeRequest,
  type RuntimeResponse,
  type RuntimeOptions,
  type ReplyProvider,
  type WorkflowReply,
  type UserDirectory,
} from './runtime/index.js';
export { routeProblem, conflicts, routesConflict, EndpointRouter, endpointKey } from './routing/index.js';
