// Request-body validation against the server's own schemas (src/server/schemas/), and the
// Handlebars check Losant applies to a view body when it is saved. The validators are ajv's,
// compiled at build time (scripts/generate-validators.mjs, which test/config/validators.test.ts
// keeps in step with the schemas): compiling one here on the first request that needed it cost
// that request ~50–90 ms of CPU (ajv's meta-schema check included), which the first create
// against a fresh server waited for, and loading ajv cost every start of the server.
import type { ErrorObject, ValidateFunction } from 'ajv';
import Handlebars from 'handlebars';
import { hash } from 'node:crypto';
import type * as schemas from './schemas/index.js';
import * as generated from './generated/request-bodies.validate.js';
import { validationError } from './errors.js';
import { surelyParsesAsHandlebars } from '../project/template-syntax.js';

export type SchemaName = keyof typeof schemas;

const validators = generated as unknown as Record<SchemaName, ValidateFunction>;

/** Losant names a field by the body parameter it belongs to, e.g. `experienceView.name`. */
function describe(bodyName: string, err: ErrorObject): string {
  const path = err.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('');
  const field = bodyName + path;
  switch (err.keyword) {
    case 'additionalProperties':
      return `${field} has an unknown field "${(err.params as { additionalProperty: string }).additionalProperty}"`;
    case 'required':
      return `${field}.${(err.params as { missingProperty: string }).missingProperty} is required`;
    case 'oneOf':
      return `${field} must be null or a valid value`;
    default:
      return `${field} ${err.message ?? 'is invalid'}`;
  }
}

/**
 * Throws a 400 Validation ApiError naming the first offending field; returns the body typed.
 * `bodyName` is the parameter name of Losant's route table (experienceView, experienceUser, …).
 */
export function validateBody<T>(schema: SchemaName, bodyName: string, body: unknown): T {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationError(`${bodyName} must be a JSON object`);
  }
  const fn = validators[schema];
  if (!fn(body)) {
    // oneOf errors come after the errors of its branches; the branch error names the field best.
    const errors = fn.errors ?? [];
    const first = errors.find((e) => e.keyword !== 'oneOf') ?? errors[0];
    throw validationError(first ? describe(bodyName, first) : `${bodyName} is invalid`);
  }
  return body as T;
}

// Handlebars' parser costs about 8 µs per mustache (0.3 ms for a busy 1.5 KB page). Most bodies
// are proven to parse by a linear recognizer of the common shapes (template-syntax.ts); the rest
// go to Handlebars, and those known to parse are remembered by hash (deploys re-send bodies).
const KNOWN_GOOD_MAX = 20_000;
const knownGood = new Set<string>();

/** Losant parses a view body as Handlebars on save and rejects it when that fails. */
export function assertHandlebars(field: string, source: string): void {
  // Without "{{" the whole body is one content token, which fails only on a NUL character.
  if (!source.includes('{{') && !source.includes('\0')) return;
  if (surelyParsesAsHandlebars(source)) return;
  const key = hash('sha1', source, 'base64');
  if (knownGood.has(key)) return;
  try {
    // The syntax check alone: parse() would also strip whitespace, which cannot fail.
    Handlebars.parseWithoutProcessing(source);
    if (knownGood.size >= KNOWN_GOOD_MAX) knownGood.clear();
    knownGood.add(key);
  } catch (err) {
    const detail = (err as Error).message.replace(/\s+/g, ' ').trim();
    throw validationError(`${field} is not a valid Handlebars template: ${detail}`);
  }
}
