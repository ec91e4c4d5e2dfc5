import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/project/did-you-mean.js';
import { templateRefs } from '../../src/project/template-refs.js';
import { createRenderer } from '../../src/render/engine.js';
import { ALL_HELPER_NAMES, HANDLEBARS_HELPERS, LOSANT_HELPERS, VIEW_HELPERS } from '../../src/render/helper-names.js';
import { losantHelpers } from '../../src/render/helpers/index.js';
import { lintTemplates, warningsAsIssues } from '../../src/render/lint.js';
import { page } from './fixtures.js';

const refsOf = (files: Record<string, string>) => Object.entries(files).map(([file, body]) => [file, templateRefs(Handlebars.parse(body))] as const);

describe('lintTemplates', () => {
  it('warns about a literal component no file defines, with a did-you-mean', () => {
    const warnings = lintTemplates({ refs: refsOf({ 'layouts/main.hbs': '{{component "header"}}{{page}}\n{{component "footr"}}' }), components: ['header', 'footer'] });
    expect(warnings).toEqual([
      {
        file: 'layouts/main.hbs',
        line: 2,
        field: 'body',
        rule: 'unknown-component',
        name: 'footr',
        suggestion: 'footer',
        message: 'no component named "footr" in this folder (did you mean "footer"?); Losant renders a missing component as empty text',
      },
    ]);
  });

  it('warns about a helper Losant does not have, suggesting one only when it is close', () => {
    const warnings = lintTemplates({ refs: refsOf({ 'pages/a.hbs': '{{nosuchhelper x}}\n{{formatdate d}}\n{{#iff a}}{{/iff}}\n{{formatDate d}}' }), components: [] });
    expect(warnings.map((w) => [w.line, w.name, w.suggestion, w.message])).toEqual([
      [1, 'nosuchhelper', undefined, 'no helper named "nosuchhelper" in Losant'],
      [2, 'formatdate', 'formatDate', 'no helper named "formatdate" in Losant (did you mean "formatDate"?)'],
      [3, 'iff', 'if', 'no helper named "iff" in Losant (did you mean "if"?)'],
    ]);
  });

  it('says nothing about names built at run time, or data that may be a field', () => {
    const body = '{{component name}}{{component (lower kind)}}{{footr}}{{#sections}}{{/sections}}{{#each xs as |x|}}{{x 1}}{{/each}}';
    expect(lintTemplates({ refs: refsOf({ 'pages/a.hbs': body }), components: [] })).toEqual([]);
  });

  it('warns about globals read under experience (they render as nothing: Losant has them at the top), suggesting the path that works', () => {
    const body = '<p>{{experience.globals.siteName}}</p>\n{{#if @root.experience.globals.x}}{{../experience.globals.y}}{{/if}}\n{{formatDate experience.globals.when}}\n{{globals.siteName}}{{experience.user.email}}';
    const warnings = lintTemplates({ refs: refsOf({ 'pages/a.hbs': body }), components: [] });
    expect(warnings.map((w) => [w.line, w.rule, w.name, w.suggestion])).toEqual([
      [1, 'misplaced-globals', 'experience.globals.siteName', 'globals.siteName'],
      [2, 'misplaced-globals', '../experience.globals.y', '../globals.y'],
      [2, 'misplaced-globals', '@root.experience.globals.x', '@root.globals.x'],
      [3, 'misplaced-globals', 'experience.globals.when', 'globals.when'],
    ]);
    expect(warnings[0].message).toBe('"experience.globals.siteName" renders as nothing: Losant\'s page context has globals at its top (did you mean "globals.siteName"?)');
    // What each suggests renders the global, where the name as written renders nothing.
    const ctx = { globals: { siteName: 'Site' } };
    expect(createRenderer([page('a', '[{{experience.globals.siteName}}][{{globals.siteName}}]')]).render('a', ctx).body).toBe('[][Site]');
  });

  it('names are case-sensitive, as in Losant', () => {
    const [w] = lintTemplates({ refs: refsOf({ 'pages/a.hbs': '{{component "Footer"}}' }), components: ['footer'] });
    expect(w).toMatchObject({ name: 'Footer', suggestion: 'footer' });
  });

  it('sorts by file and line; strict turns them into validation issues', () => {
    const warnings = lintTemplates({ refs: refsOf({ 'pages/b.hbs': '\n{{nope 1}}', 'pages/a.hbs': '\n\n{{component "x"}}\n{{nope 2}}' }), components: [] });
    expect(warnings.map((w) => `${w.file}:${w.line}`)).toEqual(['pages/a.hbs:3', 'pages/a.hbs:4', 'pages/b.hbs:2']);
    expect(warningsAsIssues(warnings)[0]).toEqual({ file: 'pages/a.hbs', line: 3, field: 'body', message: warnings[0].message });
  });
});

describe('the helper names the lint knows are the renderer’s', () => {
  const opts = { now: () => new Date('2024-01-01T00:00:00Z'), application: { id: 'a'.repeat(24), name: 'Demo' } };

  it('every helper Losant’s helper set registers is named, and nothing else', () => {
    const registered = Object.keys(losantHelpers({ hb: Handlebars.create(), ...opts })).filter((n) => !n.startsWith('_lxp'));
    expect([...LOSANT_HELPERS].sort()).toEqual(registered.sort());
    expect([...HANDLEBARS_HELPERS].sort()).toEqual(Object.keys(Handlebars.create().helpers).sort());
  });

  it('every name is a helper the renderer has; an unknown one is a missing helper there', () => {
    const missing = (name: string) => {
      try {
        createRenderer([page('p', `{{${name} 1}}`)], opts).render('p');
        return false;
      } catch (err) {
        return /missing helper/i.test((err as Error).message);
      }
    };
    for (const name of [...VIEW_HELPERS, ...LOSANT_HELPERS]) expect(missing(name), name).toBe(false);
    expect(missing('nosuchhelper')).toBe(true);
    expect(ALL_HELPER_NAMES.size).toBe(HANDLEBARS_HELPERS.length + VIEW_HELPERS.length + LOSANT_HELPERS.length);
  });
});

describe('closestName', () => {
  it('suggests typos, not different words', () => {
    expect(closestName('concurency', ['concurrency', 'targets'])).toBe('concurrency');
    expect(closestName('footr', ['footer', 'header'])).toBe('footer');
    expect(closestName('nav', ['footer', 'header'])).toBeUndefined();
    expect(closestName('t', ['gt'])).toBeUndefined();
    expect(closestName('X', ['x', 'y'])).toBe('x');
    expect(closestName('iff', ['if', 'each'])).toBe('if');
  });
});
