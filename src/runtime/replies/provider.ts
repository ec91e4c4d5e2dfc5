// Where a workflow's reply comes from locally. On Losant an endpoint without a static reply
// runs an experience workflow whose Endpoint Reply node answers; lxp runs no workflows, so a
// ReplyProvider stands in for them. The runtime asks it for the reply of an endpoint (and a
// named scenario); no reply means the runtime answers 501 with the provider's hint.
import type { RuntimeEndpoint } from '../types.js';

/** A cookie to set; null clears it. */
export interface ReplyCookie {
  value: string;
  path?: string;
  domain?: string;
  /** Seconds. */
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
}

interface ReplyCommon {
  /** Default: 200 for page, json and body; 302 for redirect. */
  status?: number;
  /** Values are templates. */
  headers?: Record<string, string>;
  /** Values (and cookie values) are templates; null clears the cookie. */
  cookies?: Record<string, string | ReplyCookie | null>;
  /** Where the reply was read from ("replies/getDevices.yaml"), for messages and `flow.name`. */
  source?: string;
  /** The scenario used, when the source has several. */
  scenario?: string;
}

export type WorkflowReply =
  | (ReplyCommon & { kind: 'page'; page: string; layout?: string | null; pageData?: unknown })
  | (ReplyCommon & { kind: 'json'; json: unknown })
  | (ReplyCommon & { kind: 'redirect'; location: string })
  | (ReplyCommon & { kind: 'body'; body: string; contentType?: string });

export interface ReplyQuery {
  endpoint: RuntimeEndpoint;
  /** The endpoint's key: its own, or endpointKey() of its method and route. */
  key: string;
  /** The scenario asked for (query parameter lxp-scenario), if any. */
  scenario?: string;
}

export interface ReplyProvider {
  /** The reply standing in for the endpoint's workflow; undefined when there is none. */
  reply(query: ReplyQuery): Promise<WorkflowReply | undefined>;
  /** One sentence: how to give this endpoint a reply (shown on the 501 page). */
  hint(query: ReplyQuery): string;
}

/** A reply source that exists but cannot be used: bad file (500) or unknown scenario (400). */
export class ReplyError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 500,
    readonly source?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ReplyError';
  }
}

/** The query parameter that picks a reply file's scenario; lxp removes it from request.query. */
export const SCENARIO_PARAM = 'lxp-scenario';
