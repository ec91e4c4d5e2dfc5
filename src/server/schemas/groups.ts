// Request bodies of /experience/groups (experienceGroupPost, experienceGroupPatch).
import { DESCRIPTION, OBJECT_ID, OBJECT_ID_LIST, TAGS } from './common.js';

const groupFields = {
  name: { type: 'string', minLength: 1, maxLength: 255 },
  description: DESCRIPTION,
  experienceUserIds: OBJECT_ID_LIST,
  experienceEndpointIds: OBJECT_ID_LIST,
  groupTags: TAGS,
  deviceIds: OBJECT_ID_LIST,
  deviceTags: {
    type: 'array',
    maxItems: 100,
    items: {
      type: 'object',
      properties: {
        key: { type: 'string', pattern: '^[0-9a-zA-Z_-]{1,255}$' },
        value: { type: 'string', minLength: 1, maxLength: 255 },
      },
      additionalProperties: false,
    },
  },
  deviceQueryJson: { type: ['string', 'null'], maxLength: 8192 },
  parentId: { oneOf: [OBJECT_ID, { type: 'null' }] },
} as const;

export const experienceGroupPost = {
  type: 'object',
  properties: groupFields,
  required: ['name'],
  additionalProperties: false,
} as const;

export const experienceGroupPatch = {
  type: 'object',
  properties: groupFields,
  additionalProperties: false,
} as const;
