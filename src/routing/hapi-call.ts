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

type RouterClass = new (options?: { isCaseSensitive?: boolean }) => HapiRouter<unknown>;
// Required on first use, not at start-up: @hapi/call is ~30 CommonJS files (~15–30 ms to load),
// and most runs (a deploy of views, status, pull) never check a route.
let routerClass: RouterClass | undefined;
const Router = (): RouterClass => (routerClass ??= (require('@hapi/call') as { Router: RouterClass }).Router);

export function createHapiRouter<T>(): HapiRouter<T> {
  return new (Router())() as HapiRouter<T>;
}

interface HapiSegmentTree {
  add(segments: unknown[], record: unknown): void;
}
// The router's tree of segments, where hapi detects conflicts. Router.add also keeps a sorted
// list of its routes (re-sorted on every add), which a conflict check does not need and which
// makes checking n routes cost n² log n; the tree alone is linear.
let segmentClass: (new () => HapiSegmentTree) | undefined;
const Segment = () => (segmentClass ??= require('@hapi/call/lib/segment') as new () => HapiSegmentTree);
let analyserRouter: HapiRouter<unknown> | undefined;
const analyser = () => (analyserRouter ??= new (Router())());

interface Analysis {
  segments: Array<{ empty?: boolean }>;
  params: string[];
  fingerprint: string;
}
/** Analyses by route: a server checks the same routes on every write. Bounded, then started afresh. */
const analyses = new Map<string, Analysis | Error>();
const MAX_ANALYSES = 20_000;

/** hapi's analysis of a route, or the Error its assertion throws; remembered. */
export function analyzeRoute(path: string): Analysis | Error {
  let hit = analyses.get(path);
  if (hit === undefined) {
    try {
      hit = analyser().analyze(path) as Analysis;
    } catch (err) {
      hit = err as Error;
    }
    if (analyses.size >= MAX_ANALYSES) analyses.clear();
    analyses.set(path, hit);
  }
  return hit;
}

/** One method's routes, as hapi's router holds them, for conflict checks only. */
export class ConflictTree {
  private readonly tree = new (Segment())();

  /** Adds a valid route; throws (hapi's assertion) when it conflicts with one already added. */
  add(path: string): void {
    const analysis = analyzeRoute(path);
    if (analysis instanceof Error) throw analysis;
    const record = { path, route: path, segments: analysis.segments, params: analysis.params, fingerprint: analysis.fingerprint, settings: { isCaseSensitive: true } };
    const last = analysis.segments[analysis.segments.length - 1];
    // As Router.add does: an optional last parameter also takes the route without it. That
    // shorter form goes first, so a conflict there leaves nothing behind.
    if (last?.empty) this.tree.add(analysis.segments.slice(0, -1), record);
    this.tree.add(analysis.segments, record);
  }
}

/** hapi's assertion text without the "Error:" noise. */
export function hapiMessage(err: unknown): string {
  return String((err as Error)?.message ?? err);
}
