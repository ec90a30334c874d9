import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import type { Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { parseXml } from '../../../main/simulator/xml';
import type { XmlElement } from '../../../main/simulator/xml';
import { getCheckins, postResults } from './sim-requests';

const doc = JSON.parse(
  readFileSync(new URL('../../fixtures/checkin-timestamps.openapi.json', import.meta.url), 'utf8'),
) as {
  paths: Record<
    string,
    {
      get: {
        responses: Record<
          string,
          { content: { 'application/json': { schema: { $ref: string } } } }
        >;
      };
    }
  >;
};
const examples = JSON.parse(
  readFileSync(new URL('../../fixtures/user-results-examples.json', import.meta.url), 'utf8'),
) as {
  jsonRequest: { virtual_results: Array<Record<string, unknown>> };
  jsonResponse: { virtual_results: Array<Record<string, unknown>> };
  xmlRequest: string;
  xmlResponse: string;
};

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(doc, 'openapi');
const responses = doc.paths['/v2/participants/checkin-timestamps.json']?.get.responses ?? {};

/** The validator the OpenAPI document gives for this status (fails the test if it gives none). */
function schemaFor(status: number): ValidateFunction {
  const ref = responses[String(status)]?.content['application/json'].schema.$ref;
  expect(ref, `OpenAPI documents status ${status}`).toBeDefined();
  const validate = ajv.getSchema(`openapi${ref}`);
  if (!validate) throw new Error(`no schema for ${ref}`);
  return validate;
}

function expectValid(status: number, body: unknown): void {
  const validate = schemaFor(status);
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

let sim: Simulator;
const clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
const T0 = Math.floor(clock.now() / 1000);

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, clock, scenario: { participants: 120 } });
  const ids = sim.inspect.participants().map((p) => p.registration_id);
  sim.control.checkIn(ids.slice(0, 30), T0 - 600);
  sim.control.checkIn(ids.slice(30, 40), T0 - 300);
});
afterAll(() => sim.close());

describe('check-in timestamps against the OpenAPI document', () => {
  it('the schemas reject what they should (the validator is live)', () => {
    expect(schemaFor(200)({ checkin_timestamps: [{ registration_id: 'x', checkin_ts: 1 }] })).toBe(
      false,
    );
    expect(schemaFor(200)({})).toBe(false);
    expect(schemaFor(400)({ message: 'no error key' })).toBe(false);
  });

  it('a normal answer validates and has exactly the documented fields', async () => {
    const r = await getCheckins(sim, { race_id: sim.raceId });
    expect(r.status).toBe(200);
    expectValid(200, r.body);
    const body = r.body as { checkin_timestamps: Array<Record<string, unknown>> };
    expect(Object.keys(body)).toEqual(['checkin_timestamps']);
    expect(body.checkin_timestamps).toHaveLength(40);
    for (const row of body.checkin_timestamps)
      expect(Object.keys(row).sort()).toEqual(['checkin_ts', 'registration_id']);
  });

  it('paged and bounded answers validate', async () => {
    const cases: Array<Record<string, number>> = [
      { race_id: sim.raceId, page: 2, num: 15 },
      { race_id: sim.raceId, min_checkin_ts: T0 - 300, max_checkin_ts: T0 - 300 },
      { race_id: sim.raceId, num: 1250 },
    ];
    for (const params of cases) {
      const r = await getCheckins(sim, params);
      expect(r.status).toBe(200);
      expectValid(200, r.body);
    }
  });

  it('an empty answer validates', async () => {
    const r = await getCheckins(sim, { race_id: sim.raceId, min_checkin_ts: T0 + 1 });
    expect(r.body).toEqual({ checkin_timestamps: [] });
    expectValid(200, r.body);
  });

  it.each([
    ['num over the maximum', 400, { race_id: 85675, num: 1251 }, 'v2'],
    ['race_id missing', 400, {}, 'v2'],
    ['race_id not a number', 400, { race_id: 'abc' }, 'v2'],
    ['no credentials', 401, { race_id: 85675 }, 'none'],
    ['unknown race', 404, { race_id: 1 }, 'v2'],
  ] as const)('%s → %i with the documented error schema', async (_name, status, params, auth) => {
    const r = await getCheckins(sim, params, { auth });
    expect(r.status).toBe(status);
    expectValid(status, r.body);
  });

  it('a key of another race → 403 with the documented error schema', async () => {
    const r = await getCheckins(sim, { race_id: sim.raceId }, { creds: sim.otherRace.credentials });
    expect(r.status).toBe(403);
    expectValid(403, r.body);
  });
});

function childNames(el: XmlElement | undefined): string[] {
  return (el?.children ?? []).map((c) => c.name);
}

describe('user-results against the documented examples', () => {
  it('the documented JSON request is accepted and answered in the documented shape', async () => {
    const climb = sim.inspect.events().find((e) => e.allowElevation);
    if (!climb) throw new Error('no elevation event');
    const [a, b] = sim.inspect.participants(climb.eventId).filter((p) => p.bib_num !== null);
    if (!a || !b) throw new Error('not enough participants');
    const [rowA, rowB] = examples.jsonRequest.virtual_results;
    // The documented rows, pointed at real registrations; row 2 keeps a bib that does not match.
    const request = {
      virtual_results: [
        { ...rowA, registration_id: a.registration_id, bib_num: a.bib_num },
        { ...rowB, registration_id: b.registration_id, bib_num: 999999 },
      ],
    };
    const answer = await postResults(
      sim,
      { event_id: climb.eventId, request_format: 'json', request: JSON.stringify(request) },
      { format: 'json' },
    );
    const body = JSON.parse(answer.text) as { virtual_results: Array<Record<string, unknown>> };
    const documented = examples.jsonResponse.virtual_results[0] ?? {};
    expect(Object.keys(body)).toEqual(Object.keys(examples.jsonResponse));
    expect(body.virtual_results).toHaveLength(2);
    for (const row of body.virtual_results) {
      expect(Object.keys(row)).toEqual(Object.keys(documented));
      for (const [k, v] of Object.entries(documented)) expect(typeof row[k], k).toBe(typeof v);
    }
    expect(body.virtual_results[1]?.bib_num).toBe(b.bib_num);
    expect(body.virtual_results[0]?.submitted_time_in_ms).toBe(1020100);
  });

  it('the documented XML request is accepted and answered with the documented elements', async () => {
    const v5k = sim.inspect
      .events()
      .find((e) => e.eventType === 'virtual_race' && !e.allowElevation);
    if (!v5k) throw new Error('no virtual 5K');
    const [a, b] = sim.inspect.participants(v5k.eventId).filter((p) => p.bib_num !== null);
    if (!a || !b) throw new Error('not enough participants');
    const request = examples.xmlRequest
      .replace('<bib_num>123</bib_num>', `<bib_num>${a.bib_num}</bib_num>`)
      .replace(
        '<registration_id>3210</registration_id>',
        `<registration_id>${a.registration_id}</registration_id>`,
      )
      .replace(
        '<registration_id>3211</registration_id>',
        `<registration_id>${b.registration_id}</registration_id>`,
      );
    const answer = await postResults(sim, { event_id: v5k.eventId, request }, { format: 'xml' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/xml/);
    const got = parseXml(answer.text);
    const want = parseXml(examples.xmlResponse);
    expect(got.name).toBe(want.name);
    expect(childNames(got)).toEqual(childNames(want));
    const gotRows = got.children[0]?.children ?? [];
    expect(gotRows.map((r) => r.name)).toEqual(['virtual_result', 'virtual_result']);
    const wantFields = childNames(want.children[0]?.children[0]);
    const allowedExtra = Object.keys(examples.jsonResponse.virtual_results[0] ?? {});
    for (const row of gotRows) {
      const fields = childNames(row);
      for (const f of wantFields) expect(fields).toContain(f);
      for (const f of fields) expect(allowedExtra).toContain(f);
    }
    // The XML example's empty <tally_value></tally_value> clears; 1.75 sets.
    const stored = sim.inspect.results(v5k.eventId);
    expect(stored.find((r) => r.registration_id === a.registration_id)?.tally_value).toBeNull();
    expect(stored.find((r) => r.registration_id === b.registration_id)?.tally_value).toBe(1.75);
    expect(stored.find((r) => r.registration_id === b.registration_id)?.bib_num).toBe(b.bib_num);
  });
});
