// A minimal server-sent events reader: next() resolves with the data of the next event of a type.
import http from 'node:http';

export function subscribe(url, eventName = 'reload') {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      const queue = [];
      const waiters = [];
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!new RegExp(`^event: ${eventName}$`, 'm').test(block)) continue;
          const data = /^data: (.*)$/m.exec(block)?.[1];
          const w = waiters.shift();
          if (w) w(data);
          else queue.push(data);
        }
      });
      resolve({
        next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
