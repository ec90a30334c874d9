import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNumeric, parseRsuDateTime, parseTF } from '../../../main/runsignup/wire-values';
import { raceResponseSchema, participantsResponseSchema } from '../../../main/runsignup/schemas';
import { toParticipants, toRace } from '../../../main/runsignup/normalise';

describe('parseTF', () => {
  it.each([
    ['T', true],
    ['F', false],
    [true, true],
    [false, false],
    ['1', true],
    [0, false],
    ['yes', null],
    [null, null],
    [undefined, null],
  ] as const)('%s → %s', (input, expected) => {
    expect(parseTF(input)).toBe(expected);
  });
});

describe('parseNumeric', () => {
  it('reads numbers and numeric strings, nothing else', () => {
    expect(parseNumeric(42)).toBe(42);
    expect(parseNumeric('42')).toBe(42);
    expect(parseNumeric('1.75')).toBe(1.75);
    expect(parseNumeric('')).toBeNull();
    expect(parseNumeric('12a')).toBeNull();
    expect(parseNumeric(null)).toBeNull();
    expect(parseNumeric(Number.NaN)).toBeNull();
  });
});

describe('parseRsuDateTime', () => {
  it('reads M/D/YYYY HH:mm in the race timezone', () => {
    expect(parseRsuDateTime('2/10/2023 18:00', 'America/Chicago')).toEqual({
      local: '2023-02-10T18:00',
      epochMs: Date.UTC(2023, 1, 11, 0, 0), // CST is UTC-6
      timeZone: 'America/Chicago',
    });
  });

  it('defaults to US Eastern and honours daylight saving', () => {
    expect(parseRsuDateTime('7/4/2025 09:30')?.epochMs).toBe(Date.UTC(2025, 6, 4, 13, 30)); // EDT
    expect(parseRsuDateTime('1/4/2025 09:30')?.epochMs).toBe(Date.UTC(2025, 0, 4, 14, 30)); // EST
  });

  it('falls back to Eastern for an unknown timezone', () => {
    expect(parseRsuDateTime('1/4/2025 09:30', 'Mars/Olympus')?.timeZone).toBe('America/New_York');
  });

  it('unescapes slashes that arrive escaped', () => {
    expect(parseRsuDateTime('2\\/10\\/2023 18:00', 'UTC')?.epochMs).toBe(Date.UTC(2023, 1, 10, 18));
  });

  it('reads a date without a time, and seconds when present', () => {
    expect(parseRsuDateTime('12/31/2024', 'UTC')?.local).toBe('2024-12-31T00:00');
    expect(parseRsuDateTime('12/31/2024 23:59:58', 'UTC')?.local).toBe('2024-12-31T23:59:58');
  });

  it.each([
    '',
    null,
    undefined,
    '2023-02-10',
    '13/1/2024 10:00',
    '2/30/2024 10:00',
    '1/1/2024 25:00',
  ])('rejects %s', (text) => {
    expect(parseRsuDateTime(text)).toBeNull();
  });

  it('round-trips every wall time in a zone without DST gaps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (seconds) => {
        const d = new Date(seconds * 1000);
        const text = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
        expect(parseRsuDateTime(text, 'UTC')?.epochMs).toBe(Math.floor(seconds / 60) * 60_000);
      }),
    );
  });

  it('reads back any wall time of zones with daylight saving, half hours and odd offsets', () => {
    // The offsets are cached by quarter hour: every day of a transition must still
    // read right. Any instant's wall time, parsed, is an instant with that same wall time.
    const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
        (zone, seconds) => {
          const wall = (ms: number) => {
            const p = Object.fromEntries(
              new Intl.DateTimeFormat('en-US', {
                timeZone: zone,
                hourCycle: 'h23',
                year: 'numeric',
                month: 'numeric',
                day: 'numeric',
                hour: 'numeric',
                minute: '2-digit',
              })
                .formatToParts(new Date(ms))
                .map((part) => [part.type, part.value]),
            );
            return `${p.month}/${p.day}/${p.year} ${p.hour}:${p.minute}`;
          };
          const text = wall(seconds * 1000);
          const read = parseRsuDateTime(text, zone);
          expect(read && wall(read.epochMs)).toBe(text);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('normalising wire shapes', () => {
  it('reads a race as PHP sends it (escaped slashes, T/F, string ids)', () => {
    const wire =
      '{"race":{"race_id":"85675","name":"Sim 24","timezone":"America\\/Chicago","events":[' +
      '{"event_id":661702,"name":"24 hr","start_time":"2\\/10\\/2023 18:00","end_time":"2\\/11\\/2023 18:00",' +
      '"event_type":"virtual_race","allow_elevation_gain":"T","uses_tally":"F"},' +
      '{"event_id":661703,"name":"5K","start_time":"2\\/10\\/2023 08:00","end_time":null,"event_type":"running_race"}]}}';
    const race = toRace(raceResponseSchema.parse(JSON.parse(wire)));
    expect(race).toEqual({
      raceId: 85675,
      name: 'Sim 24',
      timezone: 'America/Chicago',
      events: [
        {
          eventId: 661702,
          name: '24 hr',
          startTime: {
            local: '2023-02-10T18:00',
            epochMs: Date.UTC(2023, 1, 11, 0),
            timeZone: 'America/Chicago',
          },
          endTime: {
            local: '2023-02-11T18:00',
            epochMs: Date.UTC(2023, 1, 12, 0),
            timeZone: 'America/Chicago',
          },
          eventType: 'virtual_race',
          isVirtual: true,
          // "allow_elevation_gain" / "uses_tally" are not RunSignup fields: never read.
        },
        {
          eventId: 661703,
          name: '5K',
          startTime: {
            local: '2023-02-10T08:00',
            epochMs: Date.UTC(2023, 1, 10, 14),
            timeZone: 'America/Chicago',
          },
          endTime: null,
          eventType: 'running_race',
          isVirtual: false,
        },
      ],
    });
  });

  it('reads participants from the sibling array, with null bibs and the group event id', () => {
    const wire = [
      {
        event: { event_id: 1, participants: [] },
        participants: [
          {
            user: {
              user_id: 9,
              first_name: 'Ann',
              middle_name: null,
              last_name: 'Lee',
              dob: '1958-01-01',
              gender: 'F',
            },
            registration_id: 100,
            bib_num: null,
            chip_num: null,
            age: '64',
            registration_date: '9/7/2021 15:15',
            team_name: null,
            last_modified: 1631042122,
          },
        ],
      },
    ];
    const [p] = toParticipants(participantsResponseSchema.parse(wire));
    expect(p).toMatchObject({
      registrationId: 100,
      eventId: 1,
      userId: 9,
      bib: null,
      age: 64,
      firstName: 'Ann',
      lastName: 'Lee',
      team: null,
      lastModified: 1631042122,
    });
  });
});
