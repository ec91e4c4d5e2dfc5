// The name of every helper a Losant view can call: Handlebars' own, Losant's (src/render/helpers/)
// and the view helpers the engine adds (page, section, fillSection, component). A plain list, so
// the template lint that `lxp status` and `lxp deploy` run can check names without loading the
// renderer and its libraries (moment-timezone, d3-format). test/render/helper-names.test.ts keeps
// it equal to what the renderer registers: a helper added there fails that test until named here.
export const HANDLEBARS_HELPERS = ['blockHelperMissing', 'each', 'helperMissing', 'if', 'log', 'lookup', 'unless', 'with'] as const;

export const VIEW_HELPERS = ['component', 'fillSection', 'page', 'section'] as const;

export const LOSANT_HELPERS = [
  'add', 'array', 'ceil', 'colorMarker', 'currentDateTime', 'dashboardUrl', 'decodeBase64', 'decodeURI',
  'decodeURIComponent', 'defaultTo', 'divide', 'element', 'encodeBase64', 'encodeURI', 'encodeURIComponent', 'eq',
  'evalExpression', 'file', 'floor', 'format', 'formatDate', 'formatDateRelative', 'formatGps', 'gpsDistance',
  'gpsIsPointInside', 'gt', 'gte', 'includes', 'indexByKey', 'join', 'jsonDecode', 'jsonEncode', 'last', 'length',
  'lower', 'lt', 'lte', 'match', 'max', 'merge', 'min', 'multiply', 'ne', 'obj', 'queryStringEncode', 'scaleLinear',
  'substring', 'subtract', 'template', 'titleCase', 'toHtml', 'trim', 'typeof', 'upper', 'valueByKey',
] as const;

/** Every helper name a view may call. */
export const ALL_HELPER_NAMES: ReadonlySet<string> = new Set<string>([...HANDLEBARS_HELPERS, ...VIEW_HELPERS, ...LOSANT_HELPERS]);
