// Tags lxp reserves on the resources it manages: the folder may not set them, pull never shows them.
import { emptyTags } from '../empty-tags.js';
export const RESERVED_TAG_PREFIX = 'lxp-';
/** On every endpoint and group lxp creates or updates (views carry the same tag). */
export const MANAGED_TAG = 'lxp-managed';
export const MANAGED_TAG_VALUE = 'true';
/** On an endpoint with a key: the key, so that a fresh checkout finds the endpoint after its route changed. */
export const KEY_TAG = 'lxp-key';

export function isReservedTag(key: string): boolean {
  return key.startsWith(RESERVED_TAG_PREFIX);
}

/** Tags without lxp's own, keys sorted. */
export function userTags(tags: Record<string, string> | undefined): Record<string, string> {
  const out = emptyTags();
  for (const k of Object.keys(tags ?? {}).sort()) if (!isReservedTag(k)) out[k] = tags![k];
  return out;
}
