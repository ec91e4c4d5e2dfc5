// The Experience API's limits on a view, checked before any request so that a bad folder is
// refused whole with every problem listed, instead of failing view by view half-way through a
// deploy. Values from the API's request schemas (experienceViewPost / experienceViewPatch).
export const VIEW_LIMITS = {
  nameMin: 1,
  nameMax: 255,
  descriptionMax: 32767,
  bodyMax: 131072,
  tagKeyPattern: /^[0-9a-zA-Z_-]{1,255}$/,
  tagValueMin: 1,
  tagValueMax: 255,
  contentTypeMin: 1,
  contentTypeMax: 255,
} as const;
