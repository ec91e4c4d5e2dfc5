// What a slug and a custom domain's name may be: one rule for experience.yaml's validation and
// the local server's API (src/server/schemas), so that the server never takes what the folder
// refuses, and `lxp pull` never writes a name the folder then refuses.
//
// Losant's domains page: a slug "must be comprised of valid characters for a domain" — a host
// name label: a–z, 0–9 and "-", never first or last — and a domain of "valid characters for a
// domain", from "a known top-level domain" (the last label starts with a letter), optionally
// under a wildcard subdomain (`*.example.com`). Lengths are the API schema's: slugs 3–63 (the
// page says "at least four": see docs/experience-runtime.md, where the documentation contradicts
// itself), domain names 3–45.

/** A slug: one host name label of 3–63 characters (JSON Schema pattern, no flags). */
export const SLUG_PATTERN = '^[0-9a-z][0-9a-z-]{1,61}[0-9a-z]$';

/** A domain name of 3–45 characters: labels, a top-level domain, maybe a leading `*.` (JSON Schema pattern, no flags). */
export const DOMAIN_NAME_PATTERN = '^(?=.{3,45}$)(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?$';

const DOMAIN_NAME = new RegExp(DOMAIN_NAME_PATTERN);

export function isDomainName(name: string): boolean {
  return DOMAIN_NAME.test(name);
}
