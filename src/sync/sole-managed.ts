// Losant lets two groups (or endpoints…) share an identity; lxp never guesses between them. The
// one rule for picking: the only candidate, else the only one lxp manages (tagged lxp-managed),
// else none — the caller then reports the twins (pairing) or leaves the name unresolved (ids).

/** The one candidate to take: the only one, or the only managed one; undefined when that is ambiguous (or there is none). */
export function soleOrManaged<T>(candidates: readonly T[], isManaged: (c: T) => boolean): T | undefined {
  if (candidates.length <= 1) return candidates[0];
  const managed = candidates.filter(isManaged);
  return managed.length === 1 ? managed[0] : undefined;
}
