// String templates outside views — a redirect's path, a reply's headers and cookies — rendered
// as Losant renders them: Handlebars with Losant's helpers, against the request's context
// ("/login?redirect={{encodeURIComponent request.path}}").
import Handlebars from 'handlebars';
import { losantHelpers } from '../render/helpers/index.js';

export type StringTemplater = (template: string, context: unknown) => string;

export function createStringTemplater(deps: { application: { id: string; name: string }; now: () => Date }): StringTemplater {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(losantHelpers({ hb, now: deps.now, application: deps.application }))) {
    hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  }
  const cache = new Map<string, HandlebarsTemplateDelegate>();
  return (template, context) => {
    if (!template.includes('{{')) return template;
    let fn = cache.get(template);
    if (!fn) {
      // Values end up in URLs and headers, not HTML: nothing is HTML-escaped.
      fn = hb.compile(template, { noEscape: true });
      cache.set(template, fn);
    }
    return fn(context);
  };
}
