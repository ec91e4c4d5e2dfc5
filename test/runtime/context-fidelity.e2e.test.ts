// The request context a page sees through lxp server, compared with what Losant documents for
// the Endpoint Trigger payload (docs.losant.com/workflows/triggers/endpoint/) and what Losant's
// own templates rely on. Set up with the official client (losant-rest), read over HTTP.
import { beforeAll, describe, expect, test } from 'vitest';
import { useOpener } from '../harness/lifecycle.js';
import { startTestServer, type TestServer } from '../harness/server.js';
import { request } from './helpers.js';

const startServer = useOpener(startTestServer, 'file'); // stopped after the file's last test
let h: TestServer;
let applicationId: string;
let groupId: string;
let endpointId: string;
const at = (path: string, init?: Parameters<typeof request>[2]) => request(h.port, `/~/${applicationId}${path}`, init);

beforeAll(async () => {
  h = await startServer({});
  applicationId = h.applicationId;
  const view = (name: string, body: string) => h.losant.experienceViews.post({ applicationId, experienceView: { name, viewType: 'page', body } });
  const endpoint = (experienceEndpoint: Record<string, unknown>) => h.losant.experienceEndpoints.post({ applicationId, experienceEndpoint });
  const group = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'staff' } });
  groupId = group.id;
  const body = await view('body', 'typeof={{typeof request.body}} json={{jsonEncode request.body}}');
  const ep = await view(
    'endpoint',
    'id={{experience.endpoint.experienceEndpointId}} app={{experience.endpoint.applicationId}} groups={{#each experience.endpoint.experienceGroups}}{{id}};{{/each}} ids={{typeof experience.endpoint.experienceGroupIds}}',
  );
  const proto = await view('proto', '{{request.headers.x-forwarded-proto}}://{{request.headers.host}}{{request.path}}');
  await endpoint({ method: 'get', route: '/body', staticReply: { type: 'page', value: body.id } });
  await endpoint({ method: 'post', route: '/body', staticReply: { type: 'page', value: body.id } });
  endpointId = (await endpoint({ method: 'get', route: '/endpoint', access: 'public', experienceGroupIds: [group.id], staticReply: { type: 'page', value: ep.id } })).id;
  await endpoint({ method: 'get', route: '/proto', staticReply: { type: 'page', value: proto.id } });
});

describe('the request and endpoint a page sees', () => {
  test('no body is null ("If there is no body present, the value for the body field will be null")', async () => {
    expect((await at('/body')).body).toBe('typeof=null json=null');
    const posted = await at('/body', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(posted.body).toBe('typeof=object json={"a":1}');
  });

  test('experience.endpoint is the endpoint as the API shows it: experienceEndpointId, applicationId, experienceGroups', async () => {
    expect((await at('/endpoint')).body).toBe(`id=${endpointId} app=${applicationId} groups=${groupId}; ids=undefined`);
  });

  test('request.headers carries x-forwarded-proto, as behind Losant’s proxy: http locally unless the request says otherwise', async () => {
    expect((await at('/proto')).body).toBe(`http://127.0.0.1:${h.port}/proto`);
    expect((await at('/proto', { headers: { 'x-forwarded-proto': 'https' } })).body).toBe(`https://127.0.0.1:${h.port}/proto`);
  });
});
