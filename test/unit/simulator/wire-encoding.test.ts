import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate, phpJson, RaceDateFormat, tf } from '../../../main/simulator/v1-encoding';
import { parseXml, toXml, XmlSyntaxError } from '../../../main/simulator/xml';
import { easternWallTime } from '../../support/eastern-time';

describe('phpJson', () => {
  it('escapes slashes and non-ASCII like json_encode', () => {
    expect(phpJson({ d: '2/10/2023 18:00', n: 'Zoë Ågren', e: '😀' })).toBe(
      '{"d":"2\\/10\\/2023 18:00","n":"Zo\\u00eb \\u00c5gren","e":"\\ud83d\\ude00"}',
    );
  });

  it('always parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(phpJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it('T/F booleans', () => {
    expect([tf(true), tf(false)]).toEqual(['T', 'F']);
  });
});

describe('RaceDateFormat', () => {
  const eastern = new RaceDateFormat('America/New_York');

  it('formats M/D/YYYY HH:mm in the race timezone, across DST', () => {
    expect(eastern.format(Date.UTC(2023, 1, 10, 23, 0) / 1000)).toBe('2/10/2023 18:00');
    expect(eastern.format(Date.UTC(2023, 6, 4, 4, 5) / 1000)).toBe('7/4/2023 00:05');
    expect(eastern.format(Date.UTC(2023, 10, 5, 5, 59) / 1000)).toBe('11/5/2023 01:59');
    expect(eastern.format(Date.UTC(2023, 10, 5, 6, 0) / 1000)).toBe('11/5/2023 01:00');
  });

  it('agrees with Intl for any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (ts) => {
        expect(eastern.format(ts)).toBe(easternWallTime(ts));
      }),
    );
  });

  it('isoDate matches Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2e12, max: 4e12 }), (ms) => {
        expect(isoDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
    );
  });
});

describe('xml', () => {
  it('parses the documented request form, with entities, CDATA, comments and empty elements', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- rows --><request><virtual_result><bib_num>12</bib_num><name>A &amp; B &#233;</name>' +
        '<tally_value/><note><![CDATA[<raw>]]></note></virtual_result></request>',
    );
    expect(root.name).toBe('request');
    const row = root.children[0];
    expect(row?.children.map((c) => [c.name, c.text])).toEqual([
      ['bib_num', '12'],
      ['name', 'A & B é'],
      ['tally_value', ''],
      ['note', '<raw>'],
    ]);
  });

  it.each(['<request><a></request>', '<a></a><b></b>', 'text', '<a>&bogus;</a>', ''])(
    'rejects %j',
    (bad) => {
      expect(() => parseXml(bad)).toThrow(XmlSyntaxError);
    },
  );

  it('writes lists with singular item names and nulls as empty elements', () => {
    const text = toXml('upload', {
      virtual_results: [{ bib_num: 1, result_approval_ts: null, name: 'a<b' }],
    });
    expect(text).toContain(
      '<upload><virtual_results><virtual_result><bib_num>1</bib_num><result_approval_ts></result_approval_ts><name>a&lt;b</name></virtual_result></virtual_results></upload>',
    );
    expect(parseXml(text).children[0]?.children[0]?.children[2]?.text).toBe('a<b');
  });
});
