// Request bodies of /experience/slugs (experienceSlugPost, experienceSlugPatch).
import { NULLABLE_VERSION_NAME, SLUG } from './common.js';

export const experienceSlugPost = {
  type: 'object',
  properties: { slug: SLUG, version: NULLABLE_VERSION_NAME },
  required: ['slug'],
  additionalProperties: false,
} as const;

export const experienceSlugPatch = {
  type: 'object',
  properties: { slug: SLUG, version: NULLABLE_VERSION_NAME },
  additionalProperties: false,
} as const;
