import { describe, expect, it } from 'vitest';
import { createRenderer, DEFAULT_CONTENT_TYPE } from '../../src/render/engine.js';
import { RenderError } from '../../src/render/errors.js';
import { component, layout, page } from './fixtures.js';

const FIXED = new Date('2024-03-05T14:07:09Z');
const opts = { now: () => FIXED, application: { id: 'a'.repeat(24), name: 'Demo' } };

function renderError(fn: () => unknown): RenderError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RenderError);
    return err as RenderError;
  }
  throw new Error('expected a RenderError');
}

describe('layouts and pages', () => {
  it('renders the page where the layout says {{page}}', () => {
    const r = createRenderer([layout('main', '<main>{{ page }}</main>'), page('home', '<h1>{{pageData.title}}</h1>', { layout: 'main' })], opts);
    expect(r.render('home', { pageData: { title: 'Hi & bye' } }).body).toBe('<main><h1>Hi &amp; bye</h1></main>');
  });

  it('renders a page without a layout on its own', () => {
    const r = createRenderer([page('bare', 'just {{application.name}}')], opts);
    expect(r.render('bare').body).toBe('just Demo');
  });

  it('gives layout and page the same root context, with experience.page and experience.layout filled', () => {
    const r = createRenderer(
      [layout('main', '{{experience.layout.name}}|{{experience.page.name}}|{{page}}'), page('home', '{{experience.page.name}}/{{experience.layout.name}}', { layout: 'main' })],
      opts,
    );
    expect(r.render('home').body).toBe('main|home|home/main');
  });

  it('a missing layout is an error naming the layout, the page and its file line', () => {
    const r = createRenderer([page('home', 'x', { layout: 'Gone', layoutLine: 3 })], opts);
    const err = renderError(() => r.render('home'));
    expect(err.message).toContain('"Gone"');
    expect(err.file).toBe('pages/home.hbs');
    expect(err.line).toBe(3);
  });

  it('an unknown page is an error', () => {
    expect(renderError(() => createRenderer([], opts).render('nope')).message).toContain('"nope"');
  });

  it('returns the page content type, text/html by default', () => {
    const r = createRenderer([page('data', '{"n": {{pageData.n}} }', { contentType: 'application/json' }), page('home', 'x')], opts);
    expect(r.render('data', { pageData: { n: 2 } })).toEqual({ body: '{"n": 2 }', contentType: 'application/json' });
    expect(r.render('home').contentType).toBe(DEFAULT_CONTENT_TYPE);
  });
});

describe('components', () => {
  it('renders with the current context when no argument is given', () => {
    const r = createRenderer([component('greet', 'Hi {{pageData.who}}'), page('home', '{{component "greet"}}')], opts);
    expect(r.render('home', { pageData: { who: 'Ann' } }).body).toBe('Hi Ann');
  });

  it('renders with an expression as its context, @root staying the page root', () => {
    const r = createRenderer(
      [component('row', '<li>{{name}} of {{@root.application.name}} ({{@root.pageData.title}})</li>'), page('home', '{{#each pageData.items}}{{component "row" this}}{{/each}}')],
      opts,
    );
    expect(r.render('home', { pageData: { title: 'T', items: [{ name: 'a' }, { name: 'b' }] } }).body).toBe('<li>a of Demo (T)</li><li>b of Demo (T)</li>');
  });

  it('accepts literal arguments', () => {
    const r = createRenderer([component('ga', 'id={{this}}'), page('home', '{{component "ga" "UA-XXXX"}}')], opts);
    expect(r.render('home').body).toBe('id=UA-XXXX');
  });

  it('does not escape a component output twice, and nests components', () => {
    const r = createRenderer([component('outer', '<b>{{component "inner" pageData}}</b>'), component('inner', '<i>{{x}}</i>'), page('home', '{{component "outer"}}')], opts);
    expect(r.render('home', { pageData: { x: '<y>' } }).body).toBe('<b><i>&lt;y&gt;</i></b>');
  });

  it('renders a missing component as empty text', () => {
    const r = createRenderer([page('home', '[{{component "nope"}}]')], opts);
    expect(r.render('home').body).toBe('[]');
  });

  it('stops a component that renders itself with an error naming it', () => {
    const r = createRenderer([component('loop', '{{component "loop"}}'), page('home', '{{component "loop"}}')], opts);
    const err = renderError(() => r.render('home'));
    expect(err.message).toMatch(/nested more than/);
    expect(err.view).toBe('loop');
  });
});

describe('sections', () => {
  const main = layout('main', '<head>{{section "head"}}</head><body>{{page}}</body><foot>{{#section "foot"}}default foot{{/section}}</foot>');

  it('a fill goes to its section and is removed from where it stands', () => {
    const r = createRenderer([main, page('home', 'A{{#fillSection "head"}}<title>{{pageData.t}}</title>{{/fillSection}}B', { layout: 'main' })], opts);
    expect(r.render('home', { pageData: { t: 'T' } }).body).toBe('<head><title>T</title></head><body>AB</body><foot>default foot</foot>');
  });

  it('a section block renders its default when nothing fills it, and the fill otherwise', () => {
    const r = createRenderer([main, page('home', '{{#fillSection "foot"}}page foot{{/fillSection}}', { layout: 'main' })], opts);
    expect(r.render('home').body).toBe('<head></head><body></body><foot>page foot</foot>');
  });

  it('the last fill of a section wins', () => {
    const r = createRenderer([main, page('home', '{{#fillSection "head"}}one{{/fillSection}}{{#fillSection "head"}}two{{/fillSection}}', { layout: 'main' })], opts);
    expect(r.render('home').body).toContain('<head>two</head>');
  });

  it('a component rendered by the page can fill a section', () => {
    const r = createRenderer([main, component('c', '{{#fillSection "head"}}from component{{/fillSection}}c'), page('home', '{{component "c"}}', { layout: 'main' })], opts);
    expect(r.render('home').body).toBe('<head>from component</head><body>c</body><foot>default foot</foot>');
  });

  it('fills inside components that the layout renders are ignored', () => {
    const withNav = layout('main', '<head>{{section "head"}}</head>{{component "nav"}}{{page}}');
    const r = createRenderer([withNav, component('nav', '<nav>{{#fillSection "head"}}nav fill{{/fillSection}}</nav>'), page('home', 'p', { layout: 'main' })], opts);
    expect(r.render('home').body).toBe('<head></head><nav></nav>p');
  });

  it('fills render in the context where they stand', () => {
    const r = createRenderer([main, page('home', '{{#with pageData}}{{#fillSection "head"}}{{name}}{{/fillSection}}{{/with}}', { layout: 'main' })], opts);
    expect(r.render('home', { pageData: { name: 'inner' } }).body).toContain('<head>inner</head>');
  });
});

describe('errors', () => {
  it('a syntax error names the view, its file and the file line (front matter counted)', () => {
    const r = createRenderer([page('home', 'ok\n{{#if x}}\nno close', { bodyLine: 4 })], opts);
    const err = renderError(() => r.render('home'));
    expect(err.file).toBe('pages/home.hbs');
    expect(err.view).toBe('home');
    expect(err.line).toBeGreaterThanOrEqual(5);
    expect(err.describe()).toMatch(/^pages\/home\.hbs:\d+: /);
  });

  it('a helper failing inside a component names the component and the line of the call', () => {
    const r = createRenderer([component('card', 'line 1\nline 2 {{formatDate pageData.d "L" tz="Mars/Olympus"}}'), page('home', '{{component "card"}}')], opts);
    const err = renderError(() => r.render('home', { pageData: { d: 0 } }));
    expect(err).toMatchObject({ view: 'card', viewType: 'component', file: 'components/card.hbs', line: 2 });
    expect(err.message).toMatch(/formatDate: unknown time zone "Mars\/Olympus"/);
  });

  it('a missing helper called with arguments is an error with its line', () => {
    const r = createRenderer([page('home', '\n\n{{nope 1}}', { bodyLine: 3 })], opts);
    const err = renderError(() => r.render('home'));
    expect(err.message).toContain('missing helper "nope"');
    expect(err.line).toBe(5);
  });
});

describe('compilation cache', () => {
  it('update() swaps views: new bodies render, removed views disappear', () => {
    const r = createRenderer([page('home', 'v1'), component('c', 'C')], opts);
    expect(r.render('home').body).toBe('v1');
    r.update([page('home', 'v2 {{component "c"}}')]);
    expect(r.render('home').body).toBe('v2 ');
  });

  it('helpers of one renderer do not leak into the global Handlebars', async () => {
    createRenderer([], opts);
    const Handlebars = (await import('handlebars')).default;
    expect(Handlebars.helpers.formatDate).toBeUndefined();
  });
});

describe('root context', () => {
  it('has Losant defaults: time, application, anonymous user, request, flow', () => {
    const r = createRenderer([page('home', '{{format time "YYYY-MM-DD"}}|{{application.id}}|{{#if experience.user}}in{{else}}anon{{/if}}|{{request.method}} {{request.path}}|{{flow.name}}')], opts);
    expect(r.render('home').body).toBe(`2024-03-05|${'a'.repeat(24)}|anon|get /home|Preview Workflow`);
  });

  it('merges the given context over the defaults deeply', () => {
    const r = createRenderer([page('home', '{{experience.user.firstName}}|{{experience.version}}|{{request.query.q}}|{{request.method}}')], opts);
    expect(r.render('home', { experience: { user: { firstName: 'Ann' } }, request: { query: { q: '1' } } } as never).body).toBe('Ann|develop|1|get');
  });
});
