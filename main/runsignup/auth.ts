/**
 * Puts a set of credentials where its mode says (docs/RUNSIGNUP.md §4), and nowhere else:
 * - v1: `api_key` + `api_secret` query parameters;
 * - v2: `rsu_api_key` (`sp_api_key` for super partners) query parameter + `X-RSU-API-SECRET`
 *   header (the secret never goes in the URL);
 * - OAuth: `Authorization: Bearer <token>`.
 */
import type { Credentials } from './credentials';
import { secretValues } from './credentials';
import { redactText } from '../redact';

/** Returns a new URL and header set carrying `credentials`; the inputs are left untouched. */
export function applyCredentials(
  url: URL,
  headers: Record<string, string>,
  credentials: Credentials,
): { url: URL; headers: Record<string, string> } {
  const out = new URL(url);
  const outHeaders = { ...headers };
  switch (credentials.kind) {
    case 'v1':
      out.searchParams.set('api_key', credentials.apiKey);
      out.searchParams.set('api_secret', credentials.apiSecret);
      break;
    case 'v2':
      out.searchParams.set(
        credentials.superPartner ? 'sp_api_key' : 'rsu_api_key',
        credentials.apiKey,
      );
      outHeaders['X-RSU-API-SECRET'] = credentials.apiSecret;
      break;
    case 'oauth':
      outHeaders['Authorization'] = `Bearer ${credentials.accessToken}`;
      break;
  }
  return { url: out, headers: outHeaders };
}

/**
 * A redactor for text that may hold these credentials: secret query parameters and headers by
 * pattern (redact.ts), plus every secret value wherever it appears (a server may echo a key
 * back in an error message, or percent-encode it in a URL).
 */
export function credentialRedactor(credentials: Credentials | null): (text: string) => string {
  const values = credentials ? secretValues(credentials).filter((v) => v.length >= 4) : [];
  const forms = [
    ...new Set(
      values.flatMap((v) => [
        v,
        encodeURIComponent(v),
        new URLSearchParams({ v }).toString().slice(2),
      ]),
    ),
  ].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = redactText(text);
    for (const v of forms) out = out.split(v).join('[REDACTED]');
    return out;
  };
}
