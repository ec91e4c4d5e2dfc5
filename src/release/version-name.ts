// Which version names a release may create. The API allows 1–255 characters; lxp is stricter
// where a name would be ambiguous or invisible: `develop` is the editable version itself, a
// 24-hex name reads like a version id in `/versions/{idOrName}`, and leading/trailing spaces or
// control characters make names that look identical in every listing.

export const MAX_VERSION_NAME = 255;
export const DEVELOP = 'develop';

/** Why `name` cannot be a release's version name, or null when it can. */
export function versionNameProblem(name: string): string | null {
  if (name.length === 0) return 'the version name is empty';
  if ([...name].length > MAX_VERSION_NAME) return `the version name is longer than ${MAX_VERSION_NAME} characters`;
  if (name.toLowerCase() === DEVELOP) return '"develop" is the editable version; choose another name';
  if (name.trim() !== name) return 'the version name starts or ends with white space';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the version name contains a control character';
  if (/^[0-9a-f]{24}$/i.test(name)) return 'the version name looks like a version id (24 hex digits); choose another name';
  return null;
}
