// A view as the Experience API answers with it. The JSON is built once, when the view is
// written, and kept in the views table (`wire`): a list of 1000 views then sends 1000 stored
// byte strings instead of parsing 1000 documents and serialising them again. Only layoutName
// is added when read, because it follows the layout's current name.
import { auditFields } from '../audit-fields.js';
import type { ViewRecord } from './view-record.js';

/**
 * The shape of the stored JSON. Bump it whenever viewWire() changes what it writes: rows kept
 * under another format are rebuilt when the database is opened (see refreshViewWire).
 */
export const VIEW_WIRE_FORMAT = 1;

/** The view as the API answers with it; layoutName (pages) when the layout exists. */
export function viewWire(v: ViewRecord): Record<string, unknown> {
  const out = storedWire(v);
  if (v.viewType === 'page' && v.layoutName !== undefined) out.layoutName = v.layoutName;
  return out;
}

/**
 * viewWire() without layoutName. Fields are added to auditFields()' object one by one: spreading
 * it into a new literal made an object JSON.stringify serialises ~3× slower (measured: 21 µs
 * against 6 µs for a 750-byte page), and every create and update pays that.
 */
function storedWire(v: ViewRecord): Record<string, unknown> {
  const out = auditFields(v, 'experienceViewId');
  out.name = v.name;
  out.description = v.doc.description;
  out.viewType = v.viewType;
  out.body = v.doc.body;
  out.viewTags = v.doc.viewTags;
  if (v.viewType === 'page') out.layoutId = v.layoutId;
  if (v.doc.headers) out.headers = v.doc.headers;
  return out;
}

/** The stored JSON: viewWire() without layoutName. */
export function viewWireJson(v: ViewRecord): Buffer {
  return Buffer.from(JSON.stringify(storedWire(v)));
}

/** A view's stored JSON and, for a page whose layout exists, the layout's name (added when sent). */
export type WireRow = [json: Buffer, layoutName: string | null];

const CLOSE = Buffer.from('}');
const COMMA = Buffer.from(',');

/** Appends a view's JSON (with layoutName when it has one) to `parts`, without copying it. */
function pushView(parts: Buffer[], [json, layoutName]: WireRow): void {
  if (layoutName === null) {
    parts.push(json);
    return;
  }
  parts.push(json.subarray(0, json.length - 1), Buffer.from(`,"layoutName":${JSON.stringify(layoutName)}`), CLOSE);
}

/** One view as the API answers with it. */
export function viewJson(row: WireRow): Buffer {
  if (row[1] === null) return row[0];
  const parts: Buffer[] = [];
  pushView(parts, row);
  return Buffer.concat(parts);
}

/**
 * `{"items":[…],<rest>}` from stored item JSON and the other fields of a list response, written
 * into `out` when it is large enough (else a new buffer): no item is parsed or serialised again,
 * and each is copied once. Returns the bytes written (a view of `out`, or the new buffer).
 */
export function listJson(items: WireRow[], rest: Record<string, unknown>, out?: (size: number) => Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from('{"items":[')];
  items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    pushView(parts, item);
  });
  const tail = JSON.stringify(rest);
  parts.push(Buffer.from(tail === '{}' ? ']}' : `],${tail.slice(1)}`));
  let size = 0;
  for (const p of parts) size += p.length;
  const target = out?.(size) ?? Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of parts) {
    target.set(p, at);
    at += p.length;
  }
  return target.subarray(0, size);
}
