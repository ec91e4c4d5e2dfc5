// The last line of defence for tokens: output layers pass every text they print through this.

/**
 * Below this length a secret is replaced only where it stands alone (no letter or digit right
 * before or after it): a placeholder token such as `x` or `dev` must not garble lxp's own words
 * ("l***p") — nor show where its letters occur. A real token (Losant's are long JWTs) is replaced
 * wherever it appears, and so is every password (Losant's are 8 characters at least).
 */
const SHORT_SECRET = 8;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces every occurrence of each secret (and its URL-encoded form) with "***" (a short one: only where it stands alone). */
export function redactSecrets(text: string, secrets: (string | undefined)[]): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form.length >= SHORT_SECRET) out = out.split(form).join('***');
    else out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(form)}(?![A-Za-z0-9])`, 'g'), '***');
  }
  return out;
}
