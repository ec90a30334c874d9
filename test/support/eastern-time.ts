const intl = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * Unix seconds as RunSignup's v1 endpoints write a date in a US Eastern race
 * (`M/D/YYYY HH:mm`, docs/RUNSIGNUP.md §3), worked out by Intl: the reference the simulator's
 * own encoder is checked against.
 */
export function easternWallTime(unixSeconds: number): string {
  return intl.format(new Date(unixSeconds * 1000)).replace(',', '');
}
