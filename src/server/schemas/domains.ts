// Request bodies of /experience/domains (experienceDomainPost, experienceDomainPatch).
import { DOMAIN_NAME_PATTERN } from '../../project/publishing-names.js';
import { NULLABLE_VERSION_NAME } from './common.js';

const PEM = { type: 'string', minLength: 50, maxLength: 32767 } as const;
const NULLABLE_PEM = { oneOf: [PEM, { type: 'null' }] } as const;
const DOMAIN_NAME = { type: 'string', minLength: 3, maxLength: 45, pattern: DOMAIN_NAME_PATTERN } as const;

export const experienceDomainPost = {
  type: 'object',
  properties: {
    domainName: DOMAIN_NAME,
    version: NULLABLE_VERSION_NAME,
    sslKey: PEM,
    sslCert: PEM,
    sslBundle: PEM,
  },
  required: ['domainName'],
  additionalProperties: false,
} as const;

export const experienceDomainPatch = {
  type: 'object',
  properties: {
    domainName: DOMAIN_NAME,
    version: NULLABLE_VERSION_NAME,
    sslKey: NULLABLE_PEM,
    sslCert: NULLABLE_PEM,
    sslBundle: NULLABLE_PEM,
  },
  additionalProperties: false,
} as const;
