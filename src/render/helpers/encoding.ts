// Encoding helpers: URI, Base64 (UTF-8), JSON and query strings.
import { plain, splitArgs, type HelperDeps, type HelperSet } from './types.js';

const str = (v: unknown) => (v === undefined || v === null ? '' : String(plain(v)));

/** Flattens nested objects the way query-string libraries do: a[b]=1&a[c][]=2. */
function appendQuery(out: URLSearchParams, key: string, value: unknown): void {
  if (value === undefined) return;
  if (Array.isArray(value)) value.forEach((v) => appendQuery(out, `${key}[]`, v));
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) appendQuery(out, `${key}[${k}]`, v);
  } else out.append(key, value === null ? '' : value instanceof Date ? value.toISOString() : String(value));
}

export function encodingHelpers(deps: HelperDeps): HelperSet {
  return {
    encodeURI: (...a) => encodeURI(str(splitArgs(a).params[0])),
    decodeURI: (...a) => decodeURI(str(splitArgs(a).params[0])),
    encodeURIComponent: (...a) => encodeURIComponent(str(splitArgs(a).params[0])),
    decodeURIComponent: (...a) => decodeURIComponent(str(splitArgs(a).params[0])),
    encodeBase64: (...a) => Buffer.from(str(splitArgs(a).params[0]), 'utf8').toString('base64'),
    decodeBase64: (...a) => Buffer.from(str(splitArgs(a).params[0]), 'base64').toString('utf8'),
    // Not HTML-escaped: its output is meant to sit inside <script> or a JSON page as is.
    jsonEncode(...a) {
      const { params } = splitArgs(a);
      let spacer = params[1] as string | number | undefined;
      if (typeof spacer === 'string' && /^\d+$/.test(spacer)) spacer = Number(spacer);
      const json = JSON.stringify(plain(params[0]), null, spacer ?? undefined);
      return new deps.hb.SafeString(json === undefined ? '' : json);
    },
    jsonDecode(...a) {
      try {
        return JSON.parse(str(splitArgs(a).params[0]));
      } catch {
        return undefined;
      }
    },
    queryStringEncode(...a) {
      const obj = plain(splitArgs(a).params[0]);
      const out = new URLSearchParams();
      if (obj && typeof obj === 'object') for (const [k, v] of Object.entries(obj)) appendQuery(out, k, v);
      return out.toString();
    },
  };
}
