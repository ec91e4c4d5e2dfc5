// The order of the tags at HEAD for `lxp release --from-git`: as versions, whatever their prefix
// (`v1.10.0`, `V1.2.0` and `1.9.0` on one commit: v1.10.0 is the highest), a release above its
// pre-releases (v1.0.0 above v1.0.0-rc.1, pre-releases compared as semver does: numeric parts as
// numbers, below words). git's own version sort compares a prefix as text (`v12.0.9` above
// `12.1.0`); the `semver` package knows exactly three numbers (no `v2.1`, no `V`), so the order is
// this small comparison. Tags that are not versions (`prod-2026`) come after, as git listed them. Pure.

interface Version {
  numbers: number[];
  /** The pre-release's dot-separated parts, empty for a release. */
  pre: string[];
}

const VERSION = /^[vV]?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(tag: string): Version | undefined {
  const m = VERSION.exec(tag);
  if (!m) return undefined;
  return { numbers: m[1].split('.').map(Number), pre: m[2] ? m[2].split('.') : [] };
}

const isNumeric = (s: string) => /^\d+$/.test(s);

function comparePre(a: string[], b: string[]): number {
  // A release (no pre-release part) is above its pre-releases.
  if (a.length === 0 || b.length === 0) return (a.length === 0 ? 1 : 0) - (b.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined || b[i] === undefined) return a[i] === undefined ? -1 : 1;
    if (a[i] === b[i]) continue;
    const [na, nb] = [isNumeric(a[i]), isNumeric(b[i])];
    if (na && nb) return Number(a[i]) - Number(b[i]);
    if (na !== nb) return na ? -1 : 1;
    return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** Ascending order of two versions. */
function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.numbers.length, b.numbers.length); i++) {
    const d = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  return comparePre(a.pre, b.pre);
}

/** `tags` (as git listed them), highest version first; tags that are not versions last, in git's order. */
export function orderTags(tags: readonly string[]): string[] {
  const parsed = tags.map((tag, at) => ({ tag, at, version: parseVersion(tag) }));
  return parsed
    .sort((x, y) => {
      if (x.version && y.version) return compareVersions(y.version, x.version) || x.at - y.at;
      if (x.version || y.version) return x.version ? -1 : 1;
      return x.at - y.at;
    })
    .map((p) => p.tag);
}
