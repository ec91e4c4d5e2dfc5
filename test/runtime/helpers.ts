// Requests to an experience served by the local server: under the /~/<slug>/ prefix, or by
// Host (<slug>.localhost), which fetch cannot set — hence node:http.
import http from 'node:http';

export interface Answer {
  status: number;
  /** The reason phrase of the status line. */
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(
  port: number,
  path: string,
  init: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: { ...(init.host ? { host: init.host } : {}), ...(init.headers ?? {}) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The authorization cookie a Set-Cookie header sets ("authorization=…"). */
export function authCookie(a: Answer): string {
  const set = ([] as string[]).concat(a.headers['set-cookie'] ?? []);
  const hit = set.find((c) => c.startsWith('authorization='));
  if (!hit) throw new Error(`no authorization cookie in ${JSON.stringify(set)}`);
  return hit.split(';')[0];
}
