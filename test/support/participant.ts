import type { Participant } from '../../main/runsignup/types';

/** A roster row with what a test names; everything else as a row that left it out (null, ''). */
export function participant(
  fields: Pick<Participant, 'registrationId' | 'eventId'> & Partial<Participant>,
): Participant {
  return {
    userId: null,
    bib: null,
    chipNum: null,
    firstName: '',
    middleName: null,
    lastName: '',
    age: null,
    gender: null,
    dob: null,
    team: null,
    lastModified: null,
    ...fields,
  };
}
