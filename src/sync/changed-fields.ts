// Which fields of a change differ between the folder's side and develop's: what a never-synced
// deploy replaces (status, the deploy plan, watch's push lines) and a conflict's line names. PURE.
import { differingKeys } from '../project/resources/canonical.js';
import type { ViewContent } from '../project/view.js';
import type { PlannedChange } from './change.js';

/** Which fields differ between the two sides of a change (top-level keys for the other kinds). */
export function changedFields(c: PlannedChange): string[] {
  if (c.resource === 'view') return differingFields(c.local, c.remote);
  const a = c.item?.local as Record<string, unknown> | undefined;
  const b = c.item?.remote as Record<string, unknown> | undefined;
  if (!a || !b) return [];
  return differingKeys(a, b);
}

/** Which synced fields differ between two contents. */
export function differingFields(a: ViewContent | undefined, b: ViewContent | undefined): string[] {
  if (!a || !b) return [];
  const out: string[] = [];
  if (a.name !== b.name) out.push('name');
  if (a.description !== b.description) out.push('description');
  if (a.layout !== b.layout) out.push('layout');
  if (a.contentType !== b.contentType) out.push('contentType');
  if (JSON.stringify(Object.entries(a.tags).sort()) !== JSON.stringify(Object.entries(b.tags).sort())) out.push('tags');
  if (a.body !== b.body) out.push('body');
  return out;
}

