// Request bodies of /experience/endpoints (experienceEndpointPost, experienceEndpointPatch).
import { DESCRIPTION, OBJECT_ID_LIST, REPLY, TAGS } from './common.js';

export const ENDPOINT_METHODS = ['delete', 'get', 'options', 'patch', 'post', 'put'] as const;

const endpointFields = {
  description: DESCRIPTION,
  route: { type: 'string', minLength: 1, maxLength: 1024 },
  enabled: { type: 'boolean' },
  method: { type: 'string', enum: ENDPOINT_METHODS },
  access: { type: 'string', enum: ['public', 'authenticated', 'group', 'device'] },
  deviceIdTemplate: { type: 'string', maxLength: 255 },
  endpointTags: TAGS,
  experienceGroupIds: OBJECT_ID_LIST,
  staticReply: REPLY,
  unauthorizedReply: REPLY,
} as const;

export const experienceEndpointPost = {
  type: 'object',
  properties: endpointFields,
  required: ['route', 'method'],
  additionalProperties: false,
} as const;

export const experienceEndpointPatch = {
  type: 'object',
  properties: endpointFields,
  additionalProperties: false,
} as const;
