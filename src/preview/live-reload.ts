// The live-reload channel: each open page holds a server-sent-events connection naming the page;
// a reload tells the pages a change concerns to re-render (the client in ./html.ts swaps the
// page in place).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LiveReload {
  /** Answers an EventSource request of the page `page` ('' for the index) and keeps it open. */
  open(req: IncomingMessage, res: ServerResponse, page: string): void;
  /** Sends "reload" to every open page for which `concerns(page)` holds; returns how many. */
  notify(concerns: (page: string) => boolean, files: string[] | null): number;
  /** Ends every connection. */
  close(): void;
}

export function createLiveReload(): LiveReload {
  const clients = new Set<{ res: ServerResponse; page: string }>();
  return {
    open(req, res, page) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': lxp live reload\n\n');
      const client = { res, page };
      clients.add(client);
      req.on('close', () => clients.delete(client));
    },
    notify(concerns, files) {
      let notified = 0;
      for (const c of clients) {
        if (!concerns(c.page)) continue;
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
