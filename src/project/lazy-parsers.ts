// The parsers a view file needs — gray-matter for front matter, Handlebars for the body — loaded
// on first use, not at start-up. Most runs (status, a no-op deploy, a pull) find every file in the
// parse cache (.lxp/cache/parse.json) and never parse one, yet importing both cost ~100 ms of every
// command's start (bench `startup`). require() keeps the call sites synchronous; both are CommonJS.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type HandlebarsNamespace from 'handlebars';
import type grayMatterFunction from 'gray-matter';

const require = createRequire(import.meta.url);

let handlebarsModule: typeof HandlebarsNamespace | undefined;
let grayMatterModule: typeof grayMatterFunction | undefined;

/** The handlebars package (its default export). */
export function handlebars(): typeof HandlebarsNamespace {
  return (handlebarsModule ??= require('handlebars') as typeof HandlebarsNamespace);
}

/** gray-matter's parse function. */
export function grayMatter(): typeof grayMatterFunction {
  return (grayMatterModule ??= require('gray-matter') as typeof grayMatterFunction);
}

/** Handlebars' version, read from its package.json without loading Handlebars (the parse cache's fingerprint). */
export function handlebarsVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('handlebars/package.json'), 'utf8')) as { version: string }).version;
}
