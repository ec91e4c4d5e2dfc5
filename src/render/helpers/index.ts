// Losant's helper set, grouped by purpose. The engine adds the view helpers (page, section,
// fillSection, component) itself because they need the state of one render.
import { comparisonHelpers } from './comparison.js';
import { dataHelpers } from './data.js';
import { encodingHelpers } from './encoding.js';
import { experiencePlaceholderHelpers } from './experience.js';
import { formatHelpers } from './format.js';
import { geoHelpers } from './geo.js';
import { mathHelpers } from './math.js';
import { stringHelpers } from './string.js';
import type { HelperDeps, HelperSet } from './types.js';

export type { HelperDeps, HelperSet } from './types.js';

export function losantHelpers(deps: HelperDeps): HelperSet {
  return {
    ...comparisonHelpers(),
    ...mathHelpers(),
    ...formatHelpers(deps),
    ...stringHelpers(),
    ...encodingHelpers(deps),
    ...dataHelpers(deps),
    ...geoHelpers(),
    ...experiencePlaceholderHelpers(deps),
  };
}
