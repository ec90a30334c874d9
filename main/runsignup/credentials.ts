/**
 * The three ways RunSignup accepts a caller (docs/RUNSIGNUP.md §4). Held only in main; the renderer
 * only ever learns the `kind`.
 */
export type Credentials =
  | { kind: 'v1'; apiKey: string; apiSecret: string }
  | { kind: 'v2'; apiKey: string; apiSecret: string; superPartner?: boolean }
  | { kind: 'oauth'; accessToken: string };

export type CredentialKind = Credentials['kind'];

/** Every secret value inside a set of credentials (for the redactor). */
export function secretValues(c: Credentials): string[] {
  return c.kind === 'oauth' ? [c.accessToken] : [c.apiKey, c.apiSecret];
}
