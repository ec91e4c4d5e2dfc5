// The sync engine's public surface (re-exported by src/index.ts).
export { plan, differences, leavesInSync, isWrite, sendsRequest, subjectOf, WRITE_ACTIONS, REQUEST_ACTIONS } from './plan.js';
export type { Plan, PlannedChange, PlanInput, ChangeKind, ChangeAction, Direction, HoldReason, ResourceItem } from './plan.js';
export { applyDeploy, type ApplyDeployOptions } from './apply-deploy.js';
export { applyPull, type ApplyPullOptions } from './apply-pull.js';
export { DEFAULT_CONCURRENCY } from './executor.js';
export { isFailure } from './results.js';
export type { ChangeResult, ResultStatus, ApplyEvents } from './results.js';
export { toRemoteViews, toViewContent, toApiPost, toApiPatch, type RemoteView } from './remote.js';
export { StateStore, StateError, loadStateFile, statePath, type StateEntry, type ResourceEntry, type TargetState, type StateFile } from './state.js';
export { compare, deploy, pull, deployOrThrow, SyncFailedError, prepare, finish } from './run.js';
export type { SyncOptions, PrepareOptions, Prepared, Refused, SyncReport, SyncOutcome, SyncCommand } from './run.js';
