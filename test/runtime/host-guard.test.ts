// The DNS-rebinding guard of lxp's local servers: which Host headers name this machine.
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { foreignHostResponse, hostNameOf, isLocalHost } from '../../src/runtime/index.js';

describe('isLocalHost', () => {
  it('IP addresses, localhost, *.localhost and the machine name are this machine', () => {
    for (const h of ['127.0.0.1:4000', '127.0.0.1', '[::1]:4000', '[::1]', 'localhost:80', 'LOCALHOST', 'my-app.localhost:4000', 'a.b.localhost.', '192.168.1.20:4000', `${hostname()}:4000`, undefined, '']) {
      expect(isLocalHost(h), String(h)).toBe(true);
    }
  });

  it('any other name is not: a rebinding page sends its own domain', () => {
    for (const h of ['evil.example', 'evil.example:4000', 'localhost.evil.example', 'evil-localhost:4000', '127.0.0.1.nip.io', 'xlocalhost']) {
      expect(isLocalHost(h), h).toBe(false);
    }
  });

  it('names the host without its port in the refusal', () => {
    expect(hostNameOf('Evil.Example:4000')).toBe('evil.example');
    expect(hostNameOf('[::1]:4000')).toBe('[::1]');
    const r = foreignHostResponse('evil.example:4000');
    expect(r.status).toBe(403);
    expect(r.body).toContain('Host "evil.example" is not served here');
  });
});
