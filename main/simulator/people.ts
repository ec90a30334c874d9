import type { Prng } from './prng';
import type { SimEvent, SimParticipant, SimUser } from './race-data';
import {
  CITIES,
  EMAIL_DOMAINS,
  FIRST_NAMES_F,
  FIRST_NAMES_M,
  LAST_NAMES,
  MIDDLE_INITIALS,
  STREETS,
  TEAM_NAMES,
} from './names';
import { isoDate } from './v1-encoding';

const DAY = 86400;

/** Plain ASCII for e-mail local parts: accents dropped, other characters removed. */
function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/ł/gi, 'l')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Every name's slug, worked out once (the lists are constant). */
const SLUGS: ReadonlyMap<string, string> = new Map(
  [...FIRST_NAMES_F, ...FIRST_NAMES_M, ...LAST_NAMES].map((name) => [name, asciiSlug(name)]),
);

function slug(name: string): string {
  return SLUGS.get(name) ?? asciiSlug(name);
}

function phone(prng: Prng): string | null {
  if (prng.chance(0.05)) return null;
  const area = prng.pick(['856', '609', '215', '267', '302', '732']);
  const line = String(prng.int(0, 9999)).padStart(4, '0');
  return prng.chance(0.5) ? `${area}-555-${line}` : `${area}555${line}`;
}

function age(prng: Prng, event: SimEvent): number {
  if (/kid/i.test(event.name)) return prng.int(4, 12);
  // Two uniforms summed: most runners are 25 to 55.
  return Math.min(84, Math.max(13, Math.round(prng.int(8, 45) + prng.int(6, 40))));
}

export interface NewParticipant {
  registrationId: number;
  userId: number;
  event: SimEvent;
  bib: number | null;
  registrationTs: number;
  nowTs: number;
  /** Unix seconds of race day (ages are counted on it). */
  raceDayTs: number;
}

/** One made-up registration, drawn from `prng`. */
export function makeParticipant(prng: Prng, p: NewParticipant): SimParticipant {
  const gender = prng.chance(0.006) ? 'X' : prng.chance(0.55) ? 'F' : 'M';
  const first = prng.pick(
    gender === 'F' ? FIRST_NAMES_F : gender === 'M' ? FIRST_NAMES_M : FIRST_NAMES_F,
  );
  const last = prng.pick(LAST_NAMES);
  const years = age(prng, p.event);
  const dobMs = (p.raceDayTs - years * 365.25 * DAY - prng.int(1, 360) * DAY) * 1000;
  const place = prng.pick(CITIES);
  const user: SimUser = {
    user_id: p.userId,
    first_name: first,
    middle_name: prng.chance(0.25) ? prng.pick(MIDDLE_INITIALS) : null,
    last_name: last,
    email: prng.chance(0.03)
      ? null
      : `${slug(first)}.${slug(last)}${prng.int(1, 999)}@${prng.pick(EMAIL_DOMAINS)}`,
    address: {
      street: `${prng.int(1, 2999)} ${prng.pick(STREETS)}`,
      city: place.city,
      state: place.state,
      zipcode: place.zip,
      country_code: 'US',
    },
    dob: isoDate(dobMs),
    gender,
    phone: phone(prng),
  };
  const teamIndex = prng.chance(0.15) ? prng.int(0, TEAM_NAMES.length - 1) : -1;
  const modified = prng.chance(0.3)
    ? prng.int(p.registrationTs, Math.max(p.registrationTs, p.nowTs))
    : p.registrationTs;
  return {
    user,
    registration_id: p.registrationId,
    event_id: p.event.eventId,
    bib_num: p.bib,
    chip_num: prng.chance(0.3) ? `C${prng.int(100000, 999999)}` : null,
    age: years,
    registration_ts: p.registrationTs,
    team_id: teamIndex >= 0 ? 70100 + teamIndex : null,
    team_name: teamIndex >= 0 ? (TEAM_NAMES[teamIndex] ?? null) : null,
    last_modified: modified,
  };
}
