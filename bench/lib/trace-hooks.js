// Module hooks (registered by trace-register.js) that append every resolved module URL to
// $LXP_TRACE_FILE: shows which packages a command loads at start-up.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.LXP_TRACE_FILE) appendFileSync(process.env.LXP_TRACE_FILE, `${result.url}\n`);
  return result;
}
