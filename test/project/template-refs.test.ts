import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { parseViewFile } from '../../src/project/parse.js';
import { templateRefs } from '../../src/project/template-refs.js';

const refs = (body: string, bodyLine = 1) => templateRefs(Handlebars.parse(body), bodyLine);

describe('templateRefs', () => {
  it('takes helpers called with arguments, in blocks, with a hash or as subexpressions', () => {
    const r = refs('{{nosuch x}}\n{{#loop items}}{{/loop}}\n{{tagged k=1}}\n{{format (bogus 1)}}\n{{#if (eq a b)}}{{/if}}');
    expect(r.helpers).toEqual([
      ['nosuch', [1]],
      ['loop', [2]],
      ['tagged', [3]],
      ['format', [4]],
      ['bogus', [4]],
      ['eq', [5]],
    ]);
  });

  it('leaves out what may be data, paths, block parameters and Handlebars’ own helpers', () => {
    const r = refs('{{title}} {{#items}}{{/items}} {{a.b x}} {{../c x}} {{@root x}} {{this x}}\n{{#each list as |item i|}}{{item 1}}{{i 2}}{{/each}}\n{{#with x}}{{lookup a b}}{{log 1}}{{/with}}{{#unless y}}{{/unless}}');
    expect(r.helpers).toEqual([]);
  });

  it('a block parameter stops shadowing outside its block', () => {
    expect(refs('{{#each list as |item|}}{{/each}}{{item 1}}').helpers).toEqual([['item', [1]]]);
  });

  it('takes literal component names, not names built at run time', () => {
    const r = refs('{{component "header"}}\n{{component name}}\n{{component (lower kind)}}\n{{component "card" this}}\n{{#each x}}{{component "card"}}{{/each}}');
    expect(r.components).toEqual([
      ['header', [1]],
      ['card', [4, 5]],
    ]);
    expect(r.helpers).toEqual([['lower', [3]]]);
  });

  it('counts lines in the file, after the front matter; one line listed once', () => {
    const parsed = parseViewFile('pages/home.hbs', '---\nlayout: main\n---\n<p>\n{{nosuch a}}{{nosuch b}}\n{{component "footr"}}</p>\n');
    expect(parsed.refs).toEqual({ helpers: [['nosuch', [5]]], components: [['footr', [6]]] });
  });

  it('a body that does not parse has no references (its parse error is the issue)', () => {
    const parsed = parseViewFile('pages/bad.hbs', '{{#if x}}\n');
    expect(parsed.refs).toBeUndefined();
    expect(parsed.issues[0].message).toMatch(/invalid Handlebars/);
  });
});
