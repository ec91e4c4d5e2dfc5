// The edge between node:http and the runtime: an IncomingMessage becomes a RuntimeRequest (headers,
// query, body parsed as hapi hands them to Losant), a RuntimeResponse is written back. Shared by
// `lxp server` (experiences by Host or /~/<slug>/) and `lxp dev` (the folder at its routes).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { RuntimeResponse } from './types.js';

/** Header names in lower case, repeated headers joined with ", ". */
export function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** A query string as request.query: repeated keys become arrays. */
export function parseQuery(query: string): Record<string, string | string[]> {
  const params = new URLSearchParams(query);
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** The body as hapi hands it to Losant: JSON and form fields parsed, other text as a string. */
export async function readBody(req: IncomingMessage, limit: number): Promise<{ value: unknown } | { error: RuntimeResponse }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      return { error: { status: 413, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ statusCode: 413, error: 'Request Entity Too Large', message: 'Payload content length greater than maximum allowed: ' + limit }) } };
    }
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return { value: undefined };
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { value: JSON.parse(raw) };
    } catch {
      return { error: { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ statusCode: 400, error: 'Bad Request', message: 'Invalid request payload JSON format' }) } };
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { value: parseQuery(raw) };
  return { value: raw };
}

/** A plain-text answer of lxp's own. */
export const textResponse = (status: number, body: string): RuntimeResponse => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body });

/**
 * Writes `out` to `res` (never its trace). A header a reply file made that HTTP cannot carry (a
 * newline, a non-Latin-1 character) turns the answer into a 500 saying so; returns the status sent.
 */
export function writeResponse(res: ServerResponse, out: RuntimeResponse): number {
  let sent = out;
  try {
    res.writeHead(out.status, out.headers);
  } catch (err) {
    sent = textResponse(500, `lxp: the reply has a header HTTP cannot carry: ${(err as Error).message}`);
    // The failed writeHead left the reason phrase of the status it was writing ("200 OK").
    res.writeHead(sent.status, STATUS_CODES[sent.status]!, sent.headers);
  }
  res.end(sent.body); // node sends no body to a HEAD request
  return sent.status;
}
