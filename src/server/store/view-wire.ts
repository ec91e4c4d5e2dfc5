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
  const out: Record<string, unknown> = {
    ...auditFields(v, 'experienceViewId'),
    name: v.name,
    description: v.doc.description,
    viewType: v.viewType,
    body: v.doc.body,
    viewTags: v.doc.viewTags,
  };
  if (v.viewType === 'page') out.layoutId = v.layoutId;
  if (v.doc.headers) out.headers = v.doc.headers;
  if (v.viewType === 'page' && v.layoutName !== undefined) out.layoutName = v.layoutName;
  return out;
}

/** The stored JSON: viewWire() without layoutName. */
export function viewWireJson(v: ViewRecord): Buffer {
  return Buffer.from(JSON.stringify(viewWire({ ...v, layoutName: undefined })));
}

const CLOSE = Buffer.from('}');

/** Stored JSON plus the layout's name (pages whose layout exists), as viewWire() would write it. */
export function withLayoutName(json: Buffer, layoutName: string | null | undefined): Buffer {
  if (layoutName === null || layoutName === undefined) return json;
  return Buffer.concat([json.subarray(0, json.length - 1), Buffer.from(`,"layoutName":${JSON.stringify(layoutName)}`), CLOSE]);
}

const COMMA = Buffer.from(',');

/**
 * `{"items":[…],<rest>}` from stored item JSON and the other fields of a list response, in
 * one buffer (no item is parsed or serialised again).
 */
export function listJson(items: Buffer[], rest: Record<string, unknown>): Buffer {
  const parts: Buffer[] = [Buffer.from('{"items":[')];
  items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(item);
  });
  const tail = JSON.stringify(rest);
  parts.push(Buffer.from(tail === '{}' ? ']}' : `],${tail.slice(1)}`));
  return Buffer.concat(parts);
}
