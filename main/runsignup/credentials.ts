import { z } from 'zod';

/**
 * The three ways RunSignup accepts a caller (docs/RUNSIGNUP.md §4). Held only in main; the renderer
 * only ever learns the `kind`.
 */
/** A secret typed by a person: trimmed, required, bounded. */
export const secretText = (label: string) =>
  z.string().trim().min(1, `${label} is required`).max(512, `${label} is too long`);

/** The one schema for credentials: what Settings sends (`connect`) and what the secret store keeps. */
export const credentialsSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('v1'),
      apiKey: secretText('API key'),
      apiSecret: secretText('API secret'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('v2'),
      apiKey: secretText('API key'),
      apiSecret: secretText('API secret'),
      superPartner: z.boolean().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('oauth'), accessToken: secretText('Access token') }).strict(),
]);

export type Credentials = z.infer<typeof credentialsSchema>;

export type CredentialKind = Credentials['kind'];

/** Every secret value inside a set of credentials (for the redactor). */
export function secretValues(c: Credentials): string[] {
  return c.kind === 'oauth' ? [c.accessToken] : [c.apiKey, c.apiSecret];
}
