// Request bodies of /experience/versions (experienceVersionPost, experienceVersionPatch).
import { DESCRIPTION, OBJECT_ID_LIST, REPLY, VERSION_NAME } from './common.js';

const GLOBALS = {
  type: 'array',
  maxItems: 100,
  items: {
    type: 'object',
    properties: {
      key: { type: 'string', pattern: '^[0-9a-zA-Z_-]{1,255}$' },
      json: { type: 'string', minLength: 1, maxLength: 32767 },
      description: { type: 'string', maxLength: 1024 },
    },
    required: ['key', 'json'],
    additionalProperties: false,
  },
} as const;

const CORS_ORIGINS = {
  type: 'array',
  items: { type: 'string', minLength: 8, maxLength: 270 },
  maxItems: 100,
} as const;

const RESPONSE_HEADERS = {
  type: 'object',
  patternProperties: { '^.{1,255}$': { type: 'string', minLength: 1, maxLength: 1024 } },
  maxProperties: 10,
  additionalProperties: false,
} as const;

/** The per-version settings that travel with a snapshot (besides views and endpoints). */
const settings = {
  description: DESCRIPTION,
  endpointDefaultCors: { type: 'boolean' },
  allowedCorsOrigins: CORS_ORIGINS,
  globals: GLOBALS,
  notFoundReply: REPLY,
  unauthorizedReply: REPLY,
  responseHeaders: RESPONSE_HEADERS,
} as const;

export const VERSION_SETTING_FIELDS = [
  'endpointDefaultCors',
  'allowedCorsOrigins',
  'globals',
  'notFoundReply',
  'unauthorizedReply',
  'responseHeaders',
] as const;

export const experienceVersionPost = {
  type: 'object',
  properties: {
    ...settings,
    version: VERSION_NAME,
    slugIds: OBJECT_ID_LIST,
    domainIds: OBJECT_ID_LIST,
  },
  required: ['version'],
  additionalProperties: false,
} as const;

/** No `version`: names are immutable. sourceVersionIdOrName is only meaningful on develop. */
export const experienceVersionPatch = {
  type: 'object',
  properties: { ...settings, sourceVersionIdOrName: VERSION_NAME },
  additionalProperties: false,
} as const;
