import type { LookupResult, PersonHit } from '../../preload/api';
import type { CheckinStore } from '../checkins/checkin-store';
import type { RosterPerson, RosterStore } from './roster-store';
import { fullName } from './roster-store';

const NAME_LIMIT = 50;

/**
 * "Has this runner checked in?" Digits are a bib (exact) or else a registration id; anything
 * else is a name (see `RosterStore.searchByName`), at most 50 hits.
 */
export function lookup(
  query: string,
  roster: RosterStore,
  checkins: CheckinStore,
  eventNames: Map<number, string>,
): LookupResult {
  const q = query.trim();
  const hit = (p: RosterPerson): PersonHit => ({
    registrationId: p.registrationId,
    bib: p.bib,
    name: fullName(p),
    eventId: p.eventId,
    eventName: eventNames.get(p.eventId) ?? null,
    age: p.age,
    gender: p.gender,
    team: p.team,
    checkinTs: checkins.checkinTsOf(p.registrationId),
  });
  const empty = {
    query: q,
    matchedBy: null,
    hits: [],
    unknownCheckin: null,
    matches: 0,
  } satisfies LookupResult;
  if (!q) return empty;
  if (/^\d{1,12}$/.test(q)) {
    const n = Number(q);
    const byBib = roster.byBib(n);
    if (byBib) return { ...empty, matchedBy: 'bib', hits: [hit(byBib)], matches: 1 };
    const byReg = roster.byRegistration(n);
    if (byReg) return { ...empty, matchedBy: 'registration', hits: [hit(byReg)], matches: 1 };
    const ts = checkins.checkinTsOf(n);
    return ts === null
      ? empty
      : {
          ...empty,
          matchedBy: 'registration',
          unknownCheckin: { registrationId: n, checkinTs: ts },
        };
  }
  const hits = roster.searchByName(q, NAME_LIMIT).map(hit);
  const matches = hits.length < NAME_LIMIT ? hits.length : roster.countByName(q);
  return { ...empty, matchedBy: hits.length ? 'name' : null, hits, matches };
}
