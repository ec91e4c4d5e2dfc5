// Request bodies of /experience/users (experienceUserPost, experienceUserPatch).
import { OBJECT_ID_LIST, TAGS } from './common.js';

const userFields = {
  email: { type: 'string', format: 'email', maxLength: 1024 },
  firstName: { type: 'string', maxLength: 1024 },
  lastName: { type: 'string', maxLength: 1024 },
  password: { type: 'string', minLength: 8, maxLength: 2048 },
  tokenCutoff: { type: 'string', format: 'date-time' },
  userTags: TAGS,
  experienceGroupIds: OBJECT_ID_LIST,
} as const;

export const experienceUserPost = {
  type: 'object',
  properties: userFields,
  required: ['email', 'password'],
  additionalProperties: false,
} as const;

export const experienceUserPatch = {
  type: 'object',
  properties: userFields,
  additionalProperties: false,
} as const;
