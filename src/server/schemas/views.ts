// Request bodies of /experience/views (experienceViewPost, experienceViewPatch).
import { DESCRIPTION, OBJECT_ID, TAGS } from './common.js';

/** Losant's limit on a view body, in characters. */
export const VIEW_BODY_MAX = 131072;

const viewFields = {
  name: { type: 'string', minLength: 1, maxLength: 255 },
  description: DESCRIPTION,
  layoutId: { type: ['string', 'null'], pattern: OBJECT_ID.pattern },
  body: { type: 'string', maxLength: VIEW_BODY_MAX },
  viewTags: TAGS,
  headers: {
    type: 'object',
    properties: { 'content-type': { type: 'string', minLength: 1, maxLength: 255 } },
    additionalProperties: false,
  },
} as const;

export const experienceViewPost = {
  type: 'object',
  properties: {
    ...viewFields,
    viewType: { type: 'string', enum: ['layout', 'page', 'component'] },
  },
  required: ['name', 'viewType'],
  additionalProperties: false,
} as const;

/** viewType is absent on purpose: a view's type cannot change. */
export const experienceViewPatch = {
  type: 'object',
  properties: viewFields,
  additionalProperties: false,
} as const;
