// Request body of PATCH /experience/bootstrap (experienceBootstrapOptions).
import { SLUG } from './common.js';

export const experienceBootstrapOptions = {
  type: 'object',
  properties: {
    replaceExisting: { type: 'boolean' },
    createUsers: { type: 'boolean' },
    createGroups: { type: 'boolean' },
    slug: SLUG,
  },
  additionalProperties: false,
} as const;
