// lxp.config.json → LxpConfig, validated against the published JSON Schema
// (schema/lxp.config.schema.json, the same file editors use for completion).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { didYouMean } from '../project/did-you-mean.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { validate as generatedValidator } from './generated/lxp-config.validate.js';
import { parseJson } from './json-syntax.js';
import type { LxpConfig } from './types.js';

import { CONFIG_FILE } from './folder.js';

export { CONFIG_FILE };
/** schema/ sits two folders above both src/config/ and dist/config/. */
export const CONFIG_SCHEMA_URL = new URL('../../schema/lxp.config.schema.json', import.meta.url);

const TOKEN_KEY = /^(api)?[-_]?(token|secret|password|key|accesstoken|apitoken)$/i;

/**
 * The schema's validator, compiled by ajv at build time (scripts/generate-validators.mjs) rather
 * than at every start: loading ajv and compiling the schema cost every command ~10 % of its CPU.
 * test/config checks the schema against JSON Schema's meta-schema and the module against the schema.
 */
const validateConfig = generatedValidator as ValidateFunction;

/** Line of a JSON pointer in the file's text (JSON is YAML, and yaml keeps positions). */
function lineOfPointer(text: string, pointer: string[]): number | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as Node | null)?.range?.[0];
  for (const key of pointer) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (!pair) break;
    offset = (pair.key as Node).range?.[0];
    node = pair.value;
  }
  return offset === undefined ? undefined : lc.linePos(offset).line;
}

function fieldOf(pointer: string[]): string {
  return pointer.length ? pointer.join('.') : '(top level)';
}

function describe(e: ErrorObject): { pointer: string[]; message: string } {
  const pointer = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return { pointer: [...pointer, extra], message: `unknown key "${extra}"${didYouMean(extra, known)}` };
    }
    case 'propertyNames': {
      const name = (e.params as { propertyName: string }).propertyName;
      return {
        pointer: [...pointer, name],
        message:
          name === 'local'
            ? 'the target "local" is built in (the embedded local server) and cannot be redefined'
            : `target name "${name}" must be 1–64 letters, digits, ".", "_" or "-"`,
      };
    }
    case 'oneOf':
      if (pointer.join('.') === 'concurrency') return { pointer, message: 'must be "auto" or an integer from 1 to 64' };
      return { pointer, message: e.message ?? 'invalid' };
    case 'pattern':
      if (pointer[pointer.length - 1] === 'applicationId') return { pointer, message: 'applicationId must be 24 hex digits' };
      if (pointer[pointer.length - 1] === 'apiUrl') return { pointer, message: 'apiUrl must be an http(s) URL' };
      return { pointer, message: e.message ?? 'invalid' };
    default:
      return { pointer, message: e.message ?? 'invalid' };
  }
}

/** Keys that look like secrets, anywhere in the file: tokens never go in the folder. */
function secretKeys(value: unknown, at: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    TOKEN_KEY.test(k) ? [[...at, k]] : secretKeys(v, [...at, k]),
  );
}

/** "lxp.config.json:4:3 (field): message" — line and column when known. */
export function formatConfigIssue(i: ConfigIssue): string {
  const where = i.line ? `:${i.line}${i.column ? `:${i.column}` : ''}` : '';
  return `${i.file}${where}${i.field ? ` (${i.field})` : ''}: ${i.message}`;
}

/** Reads `<dir>/lxp.config.json`. A folder without one has no targets: `local` is used. */
export function loadConfig(dir: string): LxpConfig {
  const file = path.join(dir, CONFIG_FILE);
  if (!existsSync(file)) return { targets: {} };
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const parsed = parseJson(text);
  if ('error' in parsed) {
    const { line, column, message } = parsed.error;
    const issue: ConfigIssue = { file: CONFIG_FILE, line, column, message: `not valid JSON: ${message}` };
    throw new ConfigError(formatConfigIssue(issue), [issue]);
  }
  const data = parsed.value;

  const issues: ConfigIssue[] = [];
  const secretPointers = secretKeys(data);
  for (const pointer of secretPointers) {
    issues.push({
      file: CONFIG_FILE,
      line: lineOfPointer(text, pointer),
      field: fieldOf(pointer),
      message: 'tokens never go in lxp.config.json (it is committed); set LOSANT_API_TOKEN or use the credentials file outside the folder',
    });
  }
  const isSecret = (pointer: string[]) => secretPointers.some((s) => s.join('\0') === pointer.join('\0'));
  if (!validateConfig(data)) {
    const errors = validateConfig.errors ?? [];
    // A oneOf ("auto" or a number) also reports why each choice failed: say it once, as the oneOf.
    const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
    for (const e of errors) {
      if (e.keyword !== 'oneOf' && oneOfPaths.has(e.instancePath)) continue;
      // A target name's own rules ("must NOT be valid", a pattern) are said once, by propertyNames.
      if (e.keyword !== 'propertyNames' && e.schemaPath.includes('/propertyNames/')) continue;
      const { pointer, message } = describe(e);
      if (isSecret(pointer)) continue; // already reported, with a better message
      issues.push({ file: CONFIG_FILE, line: lineOfPointer(text, pointer), field: fieldOf(pointer), message });
    }
  }
  const config = data as LxpConfig;
  if (issues.length === 0) {
    const targets = config.targets ?? {};
    if (config.defaultTarget !== undefined && config.defaultTarget !== 'local' && !(config.defaultTarget in targets)) {
      issues.push({
        file: CONFIG_FILE,
        line: lineOfPointer(text, ['defaultTarget']),
        field: 'defaultTarget',
        message: `names no target: "${config.defaultTarget}" is not under "targets" (known: ${['local', ...Object.keys(targets)].join(', ')})`,
      });
    }
  }
  if (issues.length > 0) {
    const lines = issues.map(formatConfigIssue);
    throw new ConfigError(`invalid ${CONFIG_FILE}:\n  ${lines.join('\n  ')}`, issues);
  }
  return { ...config, targets: config.targets ?? {} };
}
