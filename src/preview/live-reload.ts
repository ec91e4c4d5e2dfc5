// The live-reload channel: each open page holds a server-sent-events connection naming what it
// shows (a LiveKey: the index, a page's preview, a URL of the experience);
// a reload tells the pages a change concerns to re-render (the client in ./html.ts swaps the
// page in place).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LiveReload {
  /** Answers an EventSource request of an open page (see LiveKey in ./html.ts) and keeps it open. */
  open(req: IncomingMessage, res: ServerResponse, key: string): void;
  /** Sends "reload" to every open page for which `concerns(key)` holds; returns how many. */
  notify(concerns: (key: string) => boolean, files: string[] | null): number;
  /** Ends every connection. */
  close(): void;
}

export function createLiveReload(): LiveReload {
  const clients = new Set<{ res: ServerResponse; key: string }>();
  return {
    open(req, res, key) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': lxp live reload\n\n');
      const client = { res, key };
      clients.add(client);
      req.on('close', () => clients.delete(client));
    },
    notify(concerns, files) {
      let notified = 0;
      for (const c of clients) {
        if (!concerns(c.key)) continue;
        c.res.write(`event: reload\ndata: ${JSON.stringify({ files })}\n\n`);
        notified++;
      }
      return notified;
    },
    close() {
      for (const c of clients) c.res.end();
      clients.clear();
    },
  };
}
