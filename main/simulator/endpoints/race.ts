import type { SimEvent } from '../race-data';
import type { SimReply } from '../responses';
import { v1Ok } from '../responses';
import { tf } from '../v1-encoding';
import type { EndpointDeps, SimRequest } from './context';
import { guardV1 } from './context';

function mmddyyyy(deps: EndpointDeps, ts: number): string {
  const [date = ''] = deps.dates.format(ts).split(' ');
  const [m = '1', d = '1', y = '1970'] = date.split('/');
  return `${m.padStart(2, '0')}/${d.padStart(2, '0')}/${y}`;
}

/**
 * The event as RunSignup lists it. `allow_elevation_gain` and `uses_tally` ("T"/"F") are the
 * simulator's names for the two virtual-event settings; RunSignup does not document them.
 */
function eventJson(deps: EndpointDeps, e: SimEvent): Record<string, unknown> {
  return {
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
    allow_elevation_gain: tf(e.allowElevation),
    uses_tally: tf(e.usesTally),
    registration_periods: [
      {
        registration_opens: deps.dates.format(e.registrationOpensTs),
        registration_closes: deps.dates.format(e.startTs - 3600),
        race_fee: e.eventType === 'running_race' ? '$35.00' : '$25.00',
        processing_fee: '$3.20',
      },
    ],
  };
}

/** GET /race/:race_id */
export function getRace(req: SimRequest, deps: EndpointDeps, raceId: string): SimReply {
  const guard = guardV1(req, deps, raceId);
  if (!guard.ok) return guard.reply;
  const s = deps.state;
  const inPerson = s.events().filter((e) => e.eventType === 'running_race');
  const last = Math.max(...s.events().map((e) => e.endTs));
  const nextTs = inPerson.length > 0 ? Math.min(...inPerson.map((e) => e.startTs)) : s.firstStartTs;
  return v1Ok(guard.format, {
    race: {
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
      events: s.events().map((e) => eventJson(deps, e)),
    },
  });
}
