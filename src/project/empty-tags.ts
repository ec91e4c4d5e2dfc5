// Tags as an object with no prototype. Losant's tag keys (letters, digits, "_" and "-", 1–255)
// admit `__proto__` and `constructor`; on a plain object `tags["__proto__"] = v` sets the prototype
// instead, and the tag vanishes without a word (review 10b, F4). JSON.stringify, Object.entries and
// spreading into a plain object keep such keys. A module of its own: the views-only no-op check
// loads it (project/view.ts), and must load none of the experience files' modules.

/** An empty set of tags that holds any key as its own. */
export function emptyTags(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}
