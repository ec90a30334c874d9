/**
 * Where the stored key and secret may go: only RunSignup's platform, over https
 * (docs/RUNSIGNUP.md §3: both runsignup.com/rest and api.runsignup.com/rest answer; GiveSignup and
 * TicketSignup serve the same API). The practice simulator and the tests run on
 * http://127.0.0.1: the web host and the test harness name such addresses in `trusted`
 * (a command-line flag, an environment variable, a test's own simulator), never a Setting.
 */
export const RUNSIGNUP_HOSTS: readonly string[] = [
  'runsignup.com',
  'api.runsignup.com',
  'givesignup.org',
  'ticketsignup.io',
];

/** The address without trailing slashes, for comparing. */
export function normaliseBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Why `url` may not receive the credentials, or null when it may. */
export function baseUrlProblem(url: string, trusted: readonly string[] = []): string | null {
  if (trusted.some((t) => normaliseBaseUrl(t) === normaliseBaseUrl(url))) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a web address.`;
  }
  if (parsed.protocol !== 'https:')
    return 'The RunSignup address must start with https:// (the key and secret are never sent in clear).';
  if (
    !RUNSIGNUP_HOSTS.includes(parsed.hostname.toLowerCase()) ||
    parsed.port !== '' ||
    parsed.username !== '' ||
    parsed.password !== ''
  ) {
    return `The RunSignup address must be on ${RUNSIGNUP_HOSTS.join(', ')}; the key and secret are never sent anywhere else.`;
  }
  return null;
}

/** The host part that decides who receives the credentials (scheme, host and port). */
export function credentialOrigin(url: string): string {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return normaliseBaseUrl(url);
  }
}
