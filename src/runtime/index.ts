// The experience runtime: Losant's request handling for one version of an experience, over a
// snapshot (endpoints, views, settings) and pluggable users and replies. No I/O of its own
// besides the reply-file provider, which reads the folder it is given.
export { ExperienceRuntime, NOT_FOUND_BODY, UNAUTHORIZED_BODY, parseCookieHeader, type RuntimeOptions } from './runtime.js';
export type { ExperienceSnapshot, ResponseTrace, RuntimeEndpoint, RuntimeRequest, RuntimeResponse, RuntimeView, StoredReply, UserDirectory, VersionSettings, EndpointAccess } from './types.js';
export { ReplyError, SCENARIO_PARAM, type ReplyProvider, type ReplyQuery, type WorkflowReply, type ReplyCookie } from './replies/provider.js';
export { replyFileProvider, replyFileCandidates, parseReplyFile, REPLY_FILE_EXTENSIONS, type ReplyFileOptions } from './replies/reply-file.js';
export { issueToken, verifyToken, TOKEN_LIFETIME_SECONDS, type TokenClaims } from './tokens.js';
export { isLocalHost, hostNameOf, foreignHostResponse } from './host-guard.js';
