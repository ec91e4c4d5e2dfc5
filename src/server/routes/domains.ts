// /experience/domains: custom domains, unique across the server (case-insensitive), each
// pointing at a version by name. The SSL key is stored but never returned.
import type { FastifyInstance } from 'fastify';
import { EXPERIENCE, SUCCESS, appIdOf, param, type ServerContext } from '../context.js';
import { alreadyExists, notFound, validationError } from '../errors.js';
import { iso } from '../clock.js';
import { newObjectId } from '../ids.js';
import { validateBody } from '../validate.js';
import type { StoredRecord } from '../store/records.js';
import type { DomainDoc } from './publishing-types.js';

type DomainBody = Partial<DomainDoc>;

/** One or more PEM certificate blocks (a certificate, or a bundle of them). */
const PEM_CERTIFICATES = /^\s*(?:-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+$/;
/** One PEM private key block (PKCS#8, or RSA / EC / DSA, or encrypted). */
const PEM_PRIVATE_KEY = /^\s*-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED )?)PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----\s*$/;

export function domainToWire(d: StoredRecord<DomainDoc>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: d.id,
    experienceDomainId: d.id,
    applicationId: d.appId,
    creationDate: iso(d.created),
    lastUpdated: iso(d.updated),
    domainName: d.doc.domainName,
    version: d.doc.version,
  };
  if (d.doc.sslCert) out.sslCert = d.doc.sslCert;
  if (d.doc.sslBundle) out.sslBundle = d.doc.sslBundle;
  return out;
}

export function registerDomainRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { store } = ctx;

  function checkVersion(appId: string, version: string | null | undefined): void {
    if (typeof version === 'string' && !store.versions.byName(appId, version)) {
      throw validationError(`experienceDomain.version "${version}" names no version of this experience`);
    }
  }

  function checkFree(domainName: string, selfId?: string): void {
    const clash = store.records.byUniqueKey('domain', domainName.toLowerCase());
    if (clash && clash.id !== selfId) throw alreadyExists(`The domain "${domainName}" is already in use`);
  }

  /**
   * Losant validates a domain's SSL material (it publishes the validator it uses, ssl-validator);
   * the local server checks its shape: certificates (and a bundle) are PEM certificate blocks, the
   * key a PEM private key — so a key pasted as the certificate is refused. The text is never echoed.
   */
  function checkPem(body: DomainBody): void {
    for (const field of ['sslCert', 'sslBundle'] as const) {
      const v = body[field];
      if (typeof v === 'string' && !PEM_CERTIFICATES.test(v)) throw validationError(`experienceDomain.${field} is not a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)`);
    }
    if (typeof body.sslKey === 'string' && !PEM_PRIVATE_KEY.test(body.sslKey)) throw validationError('experienceDomain.sslKey is not a PEM private key (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----)');
  }

  function requireDomain(appId: string, id: string): StoredRecord<DomainDoc> {
    const d = store.records.get<DomainDoc>('domain', appId, id);
    if (!d) throw notFound('Experience domain was not found');
    return d;
  }

  app.get(`${EXPERIENCE}/domains`, async (req) => {
    const appId = appIdOf(req);
    const items = store.records.all<DomainDoc>('domain', appId).map(domainToWire);
    return { items, count: items.length, totalCount: items.length, applicationId: appId };
  });

  app.post(`${EXPERIENCE}/domains`, async (req, reply) => {
    const appId = appIdOf(req);
    const body = validateBody<DomainBody & { domainName: string }>('experienceDomainPost', 'experienceDomain', req.body);
    checkPem(body);
    const rec = store.tx(() => {
      checkVersion(appId, body.version);
      checkFree(body.domainName);
      const now = store.clock.next();
      const r: StoredRecord<DomainDoc> = {
        kind: 'domain',
        appId,
        id: newObjectId(),
        uniqueKey: body.domainName.toLowerCase(),
        created: now,
        updated: now,
        doc: { ...body, version: body.version ?? null },
      };
      store.records.put(r);
      return r;
    });
    reply.code(201);
    return domainToWire(rec);
  });

  app.get(`${EXPERIENCE}/domains/:experienceDomainId`, async (req) =>
    domainToWire(requireDomain(appIdOf(req), param(req, 'experienceDomainId'))),
  );

  app.patch(`${EXPERIENCE}/domains/:experienceDomainId`, async (req) => {
    const appId = appIdOf(req);
    const body = validateBody<DomainBody>('experienceDomainPatch', 'experienceDomain', req.body);
    checkPem(body);
    const rec = store.tx(() => {
      const d = requireDomain(appId, param(req, 'experienceDomainId'));
      if (body.domainName !== undefined) checkFree(body.domainName, d.id);
      checkVersion(appId, body.version);
      const doc: DomainDoc = { ...d.doc };
      for (const [k, v] of Object.entries(body)) if (v !== undefined) (doc as unknown as Record<string, unknown>)[k] = v;
      const r = { ...d, uniqueKey: doc.domainName.toLowerCase(), updated: store.clock.next(), doc };
      store.records.put(r);
      return r;
    });
    return domainToWire(rec);
  });

  app.delete(`${EXPERIENCE}/domains/:experienceDomainId`, async (req) => {
    const appId = appIdOf(req);
    store.tx(() => {
      const d = requireDomain(appId, param(req, 'experienceDomainId'));
      store.records.delete('domain', appId, d.id);
    });
    return SUCCESS;
  });
}
