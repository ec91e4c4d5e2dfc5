// PATCH /experience/bootstrap (a starter experience) and DELETE /experience (remove the
// experience, with keep/remove flags per resource).
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { EXPERIENCE, SUCCESS, appIdOf, createdBy, type ServerContext } from '../context.js';
import { alreadyExists, validationError } from '../errors.js';
import { newObjectId } from '../ids.js';
import { validateBody } from '../validate.js';
import { queryString, type Query } from '../list-query.js';
import { DEVELOP } from '../store/index.js';
import type { ViewRecord, ViewType } from '../store/views.js';
import type { SlugDoc } from './publishing-types.js';
import type { GroupDoc, UserDoc } from './people-types.js';
import { deleteGroup } from './groups.js';
import { hashPassword } from './users.js';

interface BootstrapOptions {
  replaceExisting?: boolean;
  createUsers?: boolean;
  createGroups?: boolean;
  slug?: string;
}

const STARTER_LAYOUT = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>{{#section "title"}}{{application.name}}{{/section}}</title>
  </head>
  <body>
    {{component "header"}}
    <main>{{ page }}</main>
  </body>
</html>
`;
const STARTER_HEADER = `<header>{{#if experience.user}}Signed in as {{experience.user.email}} · <a href="/logout">Log out</a>{{else}}<a href="/login">Log in</a>{{/if}}</header>\n`;
const STARTER_HOME = `{{#fillSection "title"}}Home{{/fillSection}}\n<h1>Welcome to {{application.name}}</h1>\n`;
const STARTER_LOGIN = `{{#fillSection "title"}}Log in{{/fillSection}}\n<form method="post" action="/login">\n  <input name="email" type="email" placeholder="Email">\n  <input name="password" type="password" placeholder="Password">\n  <button type="submit">Log in</button>\n</form>\n`;

/** "If this is set": present and not an explicit false. */
function flag(query: Query, name: string): boolean {
  const v = queryString(query, name);
  return v !== undefined && v !== 'false' && v !== '0';
}

export function registerExperienceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { store } = ctx;

  app.patch(`${EXPERIENCE}/bootstrap`, async (req) => {
    const appId = appIdOf(req);
    const opts = validateBody<BootstrapOptions>('experienceBootstrapOptions', 'options', req.body);
    const suffix = randomBytes(3).toString('hex');
    const password = randomBytes(12).toString('base64url');
    const passwordHash = opts.createUsers === false ? '' : await hashPassword(password);
    return store.tx(() => {
      const develop = store.develop(appId);
      const hasContent = store.views.all(appId, develop.id).length > 0 || store.endpoints.all(appId, develop.id).length > 0;
      if (hasContent && !opts.replaceExisting) {
        throw validationError('The experience already has views or endpoints; set options.replaceExisting to replace them');
      }
      store.views.deleteVersion(appId, develop.id);
      store.endpoints.deleteVersion(appId, develop.id);
      const who = createdBy(ctx.actor);
      const addView = (viewType: ViewType, name: string, body: string, layoutId: string | null = null): ViewRecord => {
        const now = store.clock.next();
        const v: ViewRecord = {
          appId, versionId: develop.id, id: newObjectId(), viewType, name, layoutId, created: now, updated: now,
          doc: { description: '', body, viewTags: {}, ...who },
        };
        store.views.put(v);
        return v;
      };
      const layout = addView('layout', 'Base Layout', STARTER_LAYOUT);
      addView('component', 'header', STARTER_HEADER);
      const home = addView('page', 'Home', STARTER_HOME, layout.id);
      const login = addView('page', 'Log In', STARTER_LOGIN, layout.id);
      const pages: Array<[string, ViewRecord]> = [['/', home], ['/login', login]];
      pages.forEach(([route, page], ord) => {
        const now = store.clock.next();
        store.endpoints.put({
          appId, versionId: develop.id, id: newObjectId(), method: 'get', route, ord, created: now, updated: now,
          doc: {
            description: '', enabled: true, access: 'public', endpointTags: {}, experienceGroupIds: [],
            staticReply: { type: 'page', value: page.id, statusCode: 200 }, ...who,
          },
        });
      });
      let groupId: string | undefined;
      if (opts.createGroups !== false) {
        const now = store.clock.next();
        groupId = newObjectId();
        store.records.put<GroupDoc>({
          kind: 'group', appId, id: groupId, uniqueKey: null, created: now, updated: now,
          doc: { name: `Experience Users ${suffix}`, description: '', groupTags: {}, deviceIds: [], deviceTags: [], parentId: null },
        });
      }
      const result: Record<string, string> = { resourceSuffix: suffix };
      if (opts.createUsers !== false) {
        const now = store.clock.next();
        const email = `test.user.${suffix}@example.com`;
        store.records.put<UserDoc>({
          kind: 'user', appId, id: newObjectId(), uniqueKey: `${appId}:${email}`, created: now, updated: now,
          doc: {
            email, firstName: 'Test', lastName: 'User', passwordHash, passwordLastUpdated: now, userTags: {},
            experienceGroupIds: groupId ? [groupId] : [],
          },
        });
        result.email = email;
        result.password = password;
      }
      if (opts.slug) {
        if (store.records.byUniqueKey('slug', opts.slug)) throw alreadyExists(`The slug "${opts.slug}" is already taken`);
        const now = store.clock.next();
        store.records.put<SlugDoc>({
          kind: 'slug', appId, id: newObjectId(), uniqueKey: opts.slug, created: now, updated: now,
          doc: { slug: opts.slug, version: DEVELOP },
        });
      }
      return result;
    });
  });

  app.delete(EXPERIENCE, async (req) => {
    const appId = appIdOf(req);
    const q = req.query as Query;
    store.tx(() => {
      const develop = store.develop(appId);
      if (!flag(q, 'keepViews')) store.views.deleteVersion(appId, develop.id);
      if (!flag(q, 'keepEndpoints')) store.endpoints.deleteVersion(appId, develop.id);
      if (!flag(q, 'keepUsers')) for (const u of store.records.all('user', appId)) store.records.delete('user', appId, u.id);
      if (!flag(q, 'keepGroups')) {
        for (const g of store.records.all<GroupDoc>('group', appId)) {
          const current = store.records.get<GroupDoc>('group', appId, g.id);
          if (current) deleteGroup(store, appId, current);
        }
      }
      if (!flag(q, 'keepSlugs')) {
        // The application's own-id slug is part of the application, not of the experience.
        for (const s of store.records.all<SlugDoc>('slug', appId)) if (s.doc.slug !== appId) store.records.delete('slug', appId, s.id);
      }
      if (!flag(q, 'keepDomains')) for (const d of store.records.all('domain', appId)) store.records.delete('domain', appId, d.id);
      if (flag(q, 'removeVersions')) {
        for (const v of store.versions.all(appId)) {
          if (v.name === DEVELOP) continue;
          store.views.deleteVersion(appId, v.id);
          store.endpoints.deleteVersion(appId, v.id);
          store.versions.delete(appId, v.id);
        }
      }
    });
    return SUCCESS;
  });
}
