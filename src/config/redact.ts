// The last line of defence for tokens: output layers pass every text they print through this.

/** Replaces every occurrence of each secret (and its URL-encoded form) with "***". */
export function redactSecrets(text: string, secrets: (string | undefined)[]): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('***');
  return out;
}
