// Building blocks shared by the request-body schemas (JSON Schema draft-07, as Losant publishes
// them). Written for lxp from the published facts; never loaded from the reference folder.
import { SLUG_PATTERN } from '../../project/publishing-names.js';

export const OBJECT_ID = { type: 'string', pattern: '^[A-Fa-f\\d]{24}$' } as const;

export const OBJECT_ID_LIST = { type: 'array', items: OBJECT_ID, maxItems: 1000 } as const;

/** viewTags, endpointTags, userTags, groupTags: keys of letters, digits, _ and -, values 1–255 chars. */
export const TAGS = {
  type: 'object',
  patternProperties: {
    '^[0-9a-zA-Z_-]{1,255}$': { type: 'string', minLength: 1, maxLength: 255 },
  },
  additionalProperties: false,
} as const;

export const DESCRIPTION = { type: 'string', maxLength: 32767 } as const;

export const VERSION_NAME = { type: 'string', minLength: 1, maxLength: 255 } as const;

export const NULLABLE_VERSION_NAME = { oneOf: [VERSION_NAME, { type: 'null' }] } as const;

/** staticReply, unauthorizedReply, notFoundReply: a page to render or a URL to redirect to. */
export const REPLY = {
  oneOf: [
    {
      type: 'object',
      properties: {
        value: { type: 'string' },
        statusCode: { type: 'integer', minimum: 100, maximum: 599 },
        type: { type: 'string', enum: ['page', 'redirect'] },
      },
      required: ['value', 'type'],
      additionalProperties: false,
    },
    { type: 'null' },
  ],
} as const;

/** Slugs and domain names: the folder's rule (src/project/publishing-names.ts). */
export const SLUG = { type: 'string', minLength: 3, maxLength: 63, pattern: SLUG_PATTERN } as const;
