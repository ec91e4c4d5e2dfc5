// The hapi router (@hapi/call), typed for lxp. Losant's route syntax is hapi's ({param},
// {param?}, {param*}, {param*2}, mixed segments such as file.{ext}); using hapi's own router
// means the conflict rule, the specificity order and the parameter decoding are Losant's,
// not an imitation of them. @hapi/call ships no types, hence this small declaration.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface HapiMatch<T> {
  params: Record<string, string>;
  route: T;
}

export interface HapiRouter<T> {
  /** Throws (an assertion Error) on an invalid path or one that conflicts with a route already added. */
  add(config: { method: string; path: string }, route: T): void;
  /** A match, or an Error (Boom) with output.statusCode 404 / 400. */
  route(method: string, path: string): HapiMatch<T> | (Error & { output?: { statusCode: number } });
  /** Decodes unreserved %-escapes and resolves "." and ".." segments, as hapi does before routing. */
  normalize(path: string): string;
  /** Throws on an invalid path. */
  analyze(path: string): { segments: unknown[]; fingerprint: string; params: string[] };
}

const { Router } = require('@hapi/call') as { Router: new (options?: { isCaseSensitive?: boolean }) => HapiRouter<unknown> };

export function createHapiRouter<T>(): HapiRouter<T> {
  return new Router() as HapiRouter<T>;
}

/** hapi's assertion text without the "Error:" noise. */
export function hapiMessage(err: unknown): string {
  return String((err as Error)?.message ?? err);
}
