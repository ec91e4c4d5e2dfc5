// Each helper against the examples of Losant's documentation ("Accessing Payload Data":
// string templates, format helpers, expressions) and the notes in the issue.
import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/render/engine.js';
import { page } from './fixtures.js';

const NOW = new Date('2024-03-05T14:07:09Z');

/** Losant's documentation example payload. */
const data = {
  aNumberProp: 42,
  aStringProp: 'Hello world',
  aBooleanProp: true,
  aFalsyProp: 0,
  aDecimal: 123.456789,
  aNullProp: null,
  aJavascriptDateObject: new Date('2016-09-28T15:40:25-04:00'),
  anArray: [44, 'Goodbye world', false, { anObjectPropInAnArray: "I'm deep!" }],
  anObject: { aNestedArray: ['World Star!', 20, {}], aNestedNumber: 56, aNestedString: 'Wally World' },
  anHtmlString: '<span>Wall-E</span>',
};

function hbs(template: string, extra: Record<string, unknown> = {}): string {
  const r = createRenderer([page('t', template)], { now: () => NOW, application: { id: 'b'.repeat(24), name: 'App' } });
  return r.render('t', { data, ...extra } as never).body;
}

describe('documented string template examples', () => {
  it.each([
    ['{{data.aNumberProp}}', '42'],
    ['{{data.anArray.[1]}}', 'Goodbye world'],
    ['{{data.anHtmlString}}', '&lt;span&gt;Wall-E&lt;/span&gt;'],
    ['{{{data.anHtmlString}}}', '<span>Wall-E</span>'],
    ['{{data.anArray.[1].[0]}}', 'G'],
    ['{{#if data.aFalsyProp}}Truth!{{else}}Fiction!{{/if}}', 'Fiction!'],
    ['{{#each data.anArray}}{{@index}}: {{this}}; {{/each}}', '0: 44; 1: Goodbye world; 2: false; 3: [object Object]; '],
    ['{{#each data.aMissingObject}}{{@key}}{{else}}No object!{{/each}}', 'No object!'],
  ])('%s → %s', (t, out) => expect(hbs(t)).toBe(out));
});

describe('comparison', () => {
  it.each([
    ['{{#gt data.aNumberProp 40}}First number is greater{{/gt}}', 'First number is greater'],
    ['{{#lte data.aNumberProp 10}}Second number is greater{{/lte}}', ''],
    ["{{#eq data.aStringProp 'hello world'}}Equal!{{else}}Not equal{{/eq}}", 'Not equal'],
    ["{{#eq (lower data.aStringProp) 'hello world'}}Equal!{{else}}Not equal{{/eq}}", 'Equal!'],
    ["{{#eq (format data.aJavascriptDateObject 'MMMM') 'September'}}Ba de ya!{{else}}Play something else{{/eq}}", 'Ba de ya!'],
    ['{{#ne 1 2}}y{{else}}n{{/ne}}', 'y'],
    ['{{#gte 2 2}}y{{/gte}}{{#lt 1 2}}y{{/lt}}{{#lte 3 2}}n{{else}}y{{/lte}}', 'yyy'],
    ['{{#match data.aStringProp "^Hello"}}m{{else}}n{{/match}}', 'm'],
    ['{{#match data.aStringProp "^world"}}m{{else}}n{{/match}}', 'n'],
    ['{{#includes data.anArray 44}}in{{/includes}}|{{#includes data.anArray "44"}}in{{else}}out{{/includes}}', 'in|out'],
    ['{{#includes data.aStringProp "world"}}in{{/includes}}', 'in'],
  ])('block %s', (t, out) => expect(hbs(t)).toBe(out));

  it('works as subexpressions and inline', () => {
    expect(hbs('{{#if (gt data.aNumberProp 40)}}big{{/if}}')).toBe('big');
    expect(hbs('{{#unless (eq 1 2)}}differ{{/unless}}')).toBe('differ');
    expect(hbs('{{eq 1 1}} {{eq 1 "1"}} {{gt 1 2}}')).toBe('true false false');
    expect(hbs('{{#if (includes data.anArray false)}}has false{{/if}}')).toBe('has false');
  });
});

describe('math', () => {
  it.each([
    ['{{add "2" 3}}', '5'],
    ['{{subtract data.anObject.aNestedNumber data.aNumberProp}}', '14'],
    ['{{multiply 6 7}}', '42'],
    ['{{divide 1 4}}', '0.25'],
    ['{{ceil 1.2}} {{floor 1.8}} {{max 3 9}} {{min 3 9}}', '2 1 9 3'],
    ['{{scaleLinear 0 10 0 100 5}}', '50'],
    ['{{scaleLinear 0 1023 0 255 1023}}', '255'],
  ])('%s → %s', (t, out) => expect(hbs(t)).toBe(out));
});

describe('format', () => {
  it('numbers: d3-format, default ",.6"', () => {
    expect(hbs('{{format data.aDecimal}}')).toBe('123.457');
    expect(hbs('{{format 1234.5678}}')).toBe('1,234.57');
    expect(hbs('{{format 42}}')).toBe('42');
    expect(hbs('{{format data.aDecimal ".2f"}}')).toBe('123.46');
    expect(hbs('{{format 0.123 ".1%"}}')).toBe('12.3%');
    expect(hbs('{{format 1234567 "$,.2f"}}')).toBe('$1,234,567.00');
  });

  it('negative numbers with the ASCII minus, so a JSON template stays JSON (review 8, L7: not U+2212)', () => {
    expect(hbs('{{format -0.000001}}')).toBe('-0.000001');
    expect(hbs('{{format -1234.5678}}')).toBe('-1,234.57');
    expect(hbs('{ "t": {{format -5 ".1f"}} }')).toBe('{ "t": -5.0 }');
    expect(JSON.parse(hbs('{ "t": {{format -5 ".1f"}} }'))).toEqual({ t: -5 });
    expect(hbs('{{format -3.5 "($.2f"}}')).toBe('($3.50)');
  });

  it('dates: moment, default "L LTS", in UTC', () => {
    expect(hbs('{{format data.aJavascriptDateObject}}')).toBe('09/28/2016 7:40:25 PM');
    expect(hbs("{{format data.aJavascriptDateObject 'x'}}")).toBe('1475091625000');
    expect(hbs("{{format data.aJavascriptDateObject 'dddd'}}")).toBe('Wednesday');
  });

  it('objects as JSON; other values unchanged', () => {
    expect(hbs('{{{format data.anObject.aNestedArray}}}')).toBe('["World Star!",20,{}]');
    expect(hbs('{{format data.aStringProp "x"}}')).toBe('Hello world');
    expect(hbs('[{{format data.missing}}]')).toBe('[]');
  });

  it('formatDate casts to a date, honours tz= and locale=', () => {
    expect(hbs('{{formatDate 1475091625000 "YYYY-MM-DD HH:mm"}}')).toBe('2016-09-28 19:40');
    expect(hbs('{{formatDate "2016-09-28T19:40:25Z"}}')).toBe('09/28/2016 7:40:25 PM');
    expect(hbs('{{formatDate data.aJavascriptDateObject "L LTS z" tz="America/New_York"}}')).toBe('09/28/2016 3:40:25 PM EDT');
    expect(hbs('{{formatDate data.aJavascriptDateObject "LLLL" tz="Europe/Paris" locale="fr"}}')).toBe('mercredi 28 septembre 2016 21:40');
    expect(hbs('{{formatDate "not a date"}}')).toBe('Invalid date');
  });

  it('formatDateRelative: against now, or a given date', () => {
    expect(hbs('{{formatDateRelative d}}', { d: new Date(NOW.getTime() - 5 * 60_000) })).toBe('5 minutes ago');
    expect(hbs('{{formatDateRelative "2024-01-01T00:00:00Z" "2024-01-03T00:00:00Z"}}')).toBe('2 days ago');
    expect(hbs('{{formatDateRelative "2024-01-03T00:00:00Z" "2024-01-01T00:00:00Z" locale="de"}}')).toBe('in 2 Tagen');
  });

  it('currentDateTime reads the clock, with tz=', () => {
    expect(hbs('{{currentDateTime}}')).toBe('03/05/2024 2:07:09 PM');
    expect(hbs('{{currentDateTime "YYYY-MM-DD HH:mm" tz="Asia/Tokyo"}}')).toBe('2024-03-05 23:07');
  });
});

describe('strings', () => {
  it.each([
    ['{{lower data.aStringProp}}', 'hello world'],
    ['{{upper data.aStringProp}}', 'HELLO WORLD'],
    ['[{{trim "  a b  "}}]', '[a b]'],
    ['{{titleCase "hello wORLD-wide"}}', 'Hello World-Wide'],
    ['{{substring "hello" 1 3}}|{{substring "hello" 2}}', 'el|llo'],
    ['{{defaultTo data.missing "none"}}|{{defaultTo "" "empty"}}|{{defaultTo 0 "zero"}}', 'none|empty|0'],
    ['{{join (array "a" "b" "c") "-"}}|{{join (array 1 2)}}', 'a-b-c|1,2'],
    ['{{length data.anArray}} {{length data.anObject}} {{length data.aStringProp}} [{{length 5}}]', '4 3 11 []'],
  ])('%s → %s', (t, out) => expect(hbs(t)).toBe(out));
});

describe('encoding', () => {
  it.each([
    ['{{encodeURIComponent data.aStringProp}}', 'Hello%20world'],
    ['{{decodeURIComponent "a%2Fb%20c"}}', 'a/b c'],
    ['{{{encodeURI "http://x/a b?q=1"}}}', 'http://x/a%20b?q=1'],
    ['{{decodeURI "a%20b"}}', 'a b'],
    ['{{encodeBase64 "héllo"}}', 'aMOpbGxv'],
    ['{{decodeBase64 "aMOpbGxv"}}', 'héllo'],
    ['{{jsonEncode data.anArray}}', '[44,"Goodbye world",false,{"anObjectPropInAnArray":"I\'m deep!"}]'],
    ['{{jsonEncode (obj a=1) "  "}}', '{\n  "a": 1\n}'],
    ['{{lookup (jsonDecode \'{"a":{"b":7}}\') "a"}}|{{typeof (jsonDecode "nope")}}', '[object Object]|undefined'],
  ])('%s → %s', (t, out) => expect(hbs(t)).toBe(out));

  it('queryStringEncode writes every key (Handlebars hands hash keys over last first)', () => {
    const qs = new URLSearchParams(hbs('{{{queryStringEncode (obj a=1 b="x y" c=(array 1 2))}}}'));
    expect([...qs].sort()).toEqual([['a', '1'], ['b', 'x y'], ['c[]', '1'], ['c[]', '2']]);
  });

  it('jsonEncode is not HTML-escaped, so it can feed a script', () => {
    expect(hbs('<script>var d = {{jsonEncode data.anHtmlString}};</script>')).toBe('<script>var d = "<span>Wall-E</span>";</script>');
  });
});

describe('data', () => {
  const list = [
    { key: 'a', value: 1, meta: { id: 'x' } },
    { key: 'b', value: 2, meta: { id: 'y' } },
  ];
  it.each([
    ['{{jsonEncode (obj b="two")}}', '{"b":"two"}'],
    ['{{jsonEncode (array 1 "a" true)}}', '[1,"a",true]'],
    ['{{jsonEncode (merge (obj a=1) (obj a=2))}}', '{"a":2}'],
    ['{{last data.anArray.[1]}} {{last (array 1 2 3)}}', 'd 3'],
    ['{{valueByKey list "b"}}', '2'],
    ['{{valueByKey list "y" "meta.id" "key"}}', 'b'],
    ['[{{valueByKey list "zzz"}}]', '[]'],
    ['{{indexByKey list "b"}} {{indexByKey list "x" "meta.id"}} {{indexByKey list "q"}}', '1 0 -1'],
  ])('%s → %s', (t, out) => expect(hbs(t, { list })).toBe(out));

  it('typeof names every kind of value', () => {
    expect(hbs('{{typeof data.aNumberProp}} {{typeof data.aBooleanProp}} {{typeof data.aStringProp}} {{typeof data.aNullProp}} {{typeof data.nope}} {{typeof data.anArray}} {{typeof time}} {{typeof data.anObject}}')).toBe(
      'number boolean string null undefined array date object',
    );
  });

  it('template renders a string as a template, in the root context or the given one', () => {
    expect(hbs('{{template "Hi {{upper data.aStringProp}}"}}')).toBe('Hi HELLO WORLD');
    // Inside a block, the root context still (Losant: the context "defaults to payload").
    expect(hbs('{{#with data.anObject}}{{template "{{data.aStringProp}}/{{aNestedNumber}}"}}{{/with}}')).toBe('Hello world/');
    expect(hbs('{{template "{{name}} <b>" (obj name="<x>")}}')).toBe('&lt;x&gt; <b>');
  });

  it('evalExpression evaluates Losant expressions over the context', () => {
    const cases: Array<[string, string]> = [
      ['{{data.aBooleanProp}}', 'true'],
      ['{{data.aBooleanProp}} === false', 'false'],
      ["{{data.aNumberProp}} === 'hello'", 'false'],
      ['{{data.aFalsyProp}} == false', 'true'],
      ['{{data.aFalsyProp}} === false', 'false'],
      ['!!{{data.anUndefinedProp}}', 'false'],
      ['{{data.aNumberProp}} > 20', 'true'],
      ['{{data.anObject.aNestedNumber}} - {{data.aNumberProp}}', '14'],
      ['{{data.aBooleanProp}} || {{data.aFalsyProp}}', 'true'],
      ['{{data.aBooleanProp}} && {{data.aFalsyProp}}', 'false'],
      ['{{data}} && {{data.aBooleanProp}}', 'true'],
      ['{{data.aFalsyProp}} || {{data.aStringProp}}', 'true'],
      ['{{data.aNumberProp}} > {{data.anObject.aNestedArray.[1]}}', 'true'],
      ['{{data.aNumberProp}} > {{data.aStringProp}}', 'false'],
      ["{{format data.aJavascriptDateObject 'MMMM'}} === 'September'", 'true'],
      ["{{lower data.aStringProp}} === 'Hello world'", 'false'],
      ['{{data.anObject.aNestedArray.[1]}} / 5 <= PI', 'false'],
      ['pow({{data.aNumberProp}}, {{data.aFalsyProp}}) === 1', 'true'],
      ['2 ^ 3 ^ 2', '512'],
    ];
    for (const [expr, out] of cases) expect(hbs('{{evalExpression e}}', { e: expr }), expr).toBe(out);
    expect(hbs('{{#if (evalExpression "{{data.aNumberProp}} % 2 === 0")}}even{{/if}}')).toBe('even');
  });

  it('evalExpression never runs JavaScript', () => {
    expect(() => hbs('{{evalExpression e}}', { e: 'constructor.constructor("return 1")()' })).toThrow(/unexpected|unknown/);
    expect(() => hbs('{{evalExpression e}}', { e: 'process' })).toThrow(/unknown name "process"/);
  });

  it('template and evalExpression cannot be nested', () => {
    expect(() => hbs('{{template "{{template \'x\'}}"}}')).toThrow(/cannot be used inside/);
  });
});

describe('geo', () => {
  it('gpsDistance is the great-circle distance in metres', () => {
    expect(Number(hbs('{{gpsDistance "0,0" "0,1"}}'))).toBeCloseTo(111195.08, 1);
    // London → Paris, about 343.5 km
    const d = Number(hbs('{{gpsDistance a b}}', { a: '51.5074,-0.1278', b: { lat: 48.8566, lng: 2.3522 } }));
    expect(d).toBeGreaterThan(343_000);
    expect(d).toBeLessThan(344_000);
    expect(hbs('[{{gpsDistance "x" "0,1"}}]')).toBe('[]');
  });

  it('gpsIsPointInside tests a point against a polygon, also as a block', () => {
    const square = ['0,0', '0,10', '10,10', '10,0'];
    expect(hbs('{{gpsIsPointInside "5,5" sq}} {{gpsIsPointInside "15,5" sq}}', { sq: square })).toBe('true false');
    expect(hbs('{{#gpsIsPointInside p sq}}in{{else}}out{{/gpsIsPointInside}}', { sq: square, p: { lat: 1, lng: 9 } })).toBe('in');
  });

  it('formatGps writes decimal, degrees-minutes and sexagesimal forms', () => {
    expect(hbs('{{formatGps "37.33233141,-122.0312186"}}')).toBe('37.332331,-122.031219');
    expect(hbs('{{formatGps "37.33233141,-122.0312186" "sexagesimal" 2}}')).toBe('37°19\'56.39"N,122°1\'52.39"W'.replace(/"/g, '&quot;').replace(/'/g, '&#x27;'));
    expect(hbs('{{{formatGps "37.33233141,-122.0312186" "degrees" 3}}}')).toBe("37°19.940'N,122°1.873'W");
  });
});

describe('experience placeholders', () => {
  it('file is the URL of an application file', () => {
    expect(hbs('{{file "images/logo.png"}}')).toBe(`https://files.onlosant.com/${'b'.repeat(24)}/images/logo.png`);
  });
  it('dashboardUrl links a dashboard with its query and ctx parameters', () => {
    const url = new URL(hbs('{{{dashboardUrl "d1" theme="dark" ctx=(obj deviceId="abc")}}}'));
    expect(url.origin + url.pathname).toBe('https://app.losant.com/dashboards/d1');
    expect(url.searchParams.get('theme')).toBe('dark');
    expect(url.searchParams.get('ctx[deviceId]')).toBe('abc');
  });
  it('element renders a visible stand-in carrying its arguments', () => {
    const html = hbs('{{element "dashboard" dashboardId="d1" theme="light"}}');
    expect(html).toContain('data-element="dashboard"');
    expect(html).toContain('data-dashboard-id="d1"');
    expect(html).toContain('dashboard d1');
  });
  it('toHtml turns the HTML Parser node JSON (xml-js: value, children) back into markup, text, comments and CDATA kept', () => {
    // The shape of the parser's JSON output for <li id="first" class="edge"><b>Item</b> number <a href="/one">One</a></li>.
    const li = {
      type: 'element',
      name: 'li',
      attributes: { id: 'first', class: 'edge' },
      children: [
        { type: 'element', name: 'b', children: [{ type: 'text', value: 'Item' }] },
        { type: 'text', value: ' number ' },
        { type: 'element', name: 'a', attributes: { href: '/one' }, children: [{ type: 'text', value: 'One' }] },
      ],
    };
    const parsed = [{ children: [li] }];
    expect(hbs('{{{toHtml n}}}', { n: parsed })).toBe('<li id="first" class="edge"><b>Item</b> number <a href="/one">One</a></li>');
    expect(hbs('{{{toHtml n}}}', { n: parsed[0] })).toBe('<li id="first" class="edge"><b>Item</b> number <a href="/one">One</a></li>');
    const mixed = { children: [{ type: 'comment', value: ' note ' }, { type: 'cdata', value: 'a<b' }, { type: 'text', value: 'x & y' }] };
    expect(hbs('{{{toHtml n}}}', { n: mixed })).toBe('<!-- note --><![CDATA[a<b]]>x &amp; y');
    // Double braces escape it like any string.
    expect(hbs('{{toHtml n}}', { n: { type: 'element', name: 'i', children: [] } })).toBe('&lt;i/&gt;');
  });
});
