// The schema validators are compiled by ajv at build time (scripts/generate-validators.mjs) and
// committed (the local server's request-body validators too): each must be exactly what the generator makes from its schema today, so editing a
// schema without regenerating fails here, not silently in a user's folder.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_VALIDATORS, VALIDATORS, serverValidatorsModule, validatorModule } from '../../scripts/generate-validators.mjs';
import * as serverSchemas from '../../src/server/schemas/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('generated schema validators', () => {
  for (const v of VALIDATORS) {
    it(`${v.module} is up to date with schema/${v.schema}`, () => {
      expect(readFileSync(path.join(ROOT, v.module), 'utf8')).toBe(validatorModule(v));
    });
  }
  it(`${SERVER_VALIDATORS.module} is up to date with ${SERVER_VALIDATORS.source}`, () => {
    expect(readFileSync(path.join(ROOT, SERVER_VALIDATORS.module), 'utf8')).toBe(serverValidatorsModule({ ...serverSchemas }));
  });
});
