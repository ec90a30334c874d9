import type { SimEvent } from '../race-data';
import type { SimReply } from '../responses';
import { v1Ok } from '../responses';
import type { EndpointDeps, SimRequest } from './context';
import { guardV1 } from './context';

function mmddyyyy(deps: EndpointDeps, ts: number): string {
  const [date = ''] = deps.dates.format(ts).split(' ');
  const [m = '1', d = '1', y = '1970'] = date.split('/');
  return `${m.padStart(2, '0')}/${d.padStart(2, '0')}/${y}`;
}

/** Keys an event may lack (`omitOptionalKeys`); the type and end only on in-person events. */
const OPTIONAL_EVENT_KEYS = ['details', 'distance', 'race_event_days_id', 'giveaway'];
const OPTIONAL_IN_PERSON_KEYS = [...OPTIONAL_EVENT_KEYS, 'event_type', 'end_time'];

/**
 * The event as RunSignup lists it. No key says whether a virtual event takes elevation or a
 * tally: RunSignup has none (docs/RUNSIGNUP.md §7); the simulator keeps that to itself.
 */
function eventJson(deps: EndpointDeps, e: SimEvent): Record<string, unknown> {
  const row = {
    event_id: e.eventId,
    race_event_days_id: e.raceEventDaysId,
    name: e.name,
    details: null,
    start_time: deps.dates.format(e.startTs),
    end_time: deps.dates.format(e.endTs),
    age_calc_base_date: null,
    registration_opens: deps.dates.format(e.registrationOpensTs),
    event_type: e.eventType,
    distance: e.distance,
    volunteer: 'F',
    require_dob: 'T',
    require_phone: 'F',
    giveaway: null,
    sub_event_ids: [],
    registration_periods: [
      {
        registration_opens: deps.dates.format(e.registrationOpensTs),
        registration_closes: deps.dates.format(e.startTs - 3600),
        race_fee: e.eventType === 'running_race' ? '$35.00' : '$25.00',
        processing_fee: '$3.20',
      },
    ],
  };
  return deps.optional.trim(
    row,
    `event:${e.eventId}`,
    e.eventType === 'running_race' ? OPTIONAL_IN_PERSON_KEYS : OPTIONAL_EVENT_KEYS,
  );
}

/**
 * GET /race/:race_id — every event the race ever had, past years included (RunSignup sends
 * them all unless `future_events_only=T`, which also hides an event once it has started).
 */
export function getRace(req: SimRequest, deps: EndpointDeps, raceId: string): SimReply {
  const guard = guardV1(req, deps, raceId);
  if (!guard.ok) return guard.reply;
  const s = deps.state;
  const nowTs = s.nowTs();
  const futureOnly = /^t/i.test(req.query.get('future_events_only') ?? '');
  const listed = s.events().filter((e) => !futureOnly || e.startTs > nowTs);
  const thisYear = s.events().filter((e) => e.year === 0);
  const inPerson = thisYear.filter((e) => e.eventType === 'running_race');
  const last = Math.max(...thisYear.map((e) => e.endTs));
  const nextTs = inPerson.length > 0 ? Math.min(...inPerson.map((e) => e.startTs)) : s.firstStartTs;
  const race = deps.optional.trim(
    {
      race_id: s.raceId,
      name: s.name,
      last_date: mmddyyyy(deps, nextTs - 365 * 86400),
      last_end_date: mmddyyyy(deps, nextTs - 365 * 86400),
      next_date: mmddyyyy(deps, nextTs),
      next_end_date: mmddyyyy(deps, last),
      is_draft_race: 'F',
      is_private_race: 'F',
      is_registration_open: 'T',
      created: deps.dates.format(s.createdTs),
      last_modified: deps.dates.format(s.createdTs + 86400),
      description:
        '<p>Our annual family-friendly run/walk. Packet pickup opens 2 hours before the start.</p>',
      url: `https://runsignup.com/Race/NJ/Moorestown/Sim${s.raceId}`,
      external_race_url: null,
      external_results_url: null,
      address: {
        street: '1 Main St',
        city: 'Moorestown',
        state: 'NJ',
        zipcode: '08057',
        country_code: 'US',
      },
      timezone: s.timezone,
      logo_url: null,
      real_time_notifications_enabled: 'F',
      events: [...listed].sort((a, b) => b.year - a.year).map((e) => eventJson(deps, e)),
    },
    `race:${s.raceId}`,
    ['timezone', 'logo_url', 'external_race_url', 'external_results_url'],
  );
  return v1Ok(guard.format, { race });
}
