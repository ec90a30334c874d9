import { describe, expect, it } from 'vitest';
import { applyCredentials, credentialRedactor } from '../../../main/runsignup/auth';
import type { Credentials } from '../../../main/runsignup/credentials';
import { MemoryLogger } from '../../doubles/memory-logger';

const BASE = new URL('https://runsignup.com/rest/race/1?format=json');
const V1: Credentials = { kind: 'v1', apiKey: 'v1-key-AAAA', apiSecret: 'v1-secret-BBBB' };
const V2: Credentials = { kind: 'v2', apiKey: 'v2-key-CCCC', apiSecret: 'v2-secret+/=DDDD' };
const SP: Credentials = { ...V2, superPartner: true };
const OAUTH: Credentials = { kind: 'oauth', accessToken: 'oauth-token-EEEE' };

describe('applyCredentials puts each secret only where its mode says', () => {
  it('v1: api_key and api_secret in the query, no auth headers', () => {
    const { url, headers } = applyCredentials(BASE, { Accept: 'application/json' }, V1);
    expect(url.searchParams.get('api_key')).toBe(V1.apiKey);
    expect(url.searchParams.get('api_secret')).toBe(V1.apiSecret);
    expect(url.searchParams.get('format')).toBe('json');
    expect(headers).toEqual({ Accept: 'application/json' });
  });

  it('v2: rsu_api_key in the query, the secret only in X-RSU-API-SECRET', () => {
    const { url, headers } = applyCredentials(BASE, {}, V2);
    expect(url.searchParams.get('rsu_api_key')).toBe('v2-key-CCCC');
    expect(url.searchParams.has('api_secret')).toBe(false);
    expect(url.toString()).not.toContain('DDDD');
    expect(headers).toEqual({ 'X-RSU-API-SECRET': 'v2-secret+/=DDDD' });
  });

  it('v2 super partner: sp_api_key instead of rsu_api_key', () => {
    const { url, headers } = applyCredentials(BASE, {}, SP);
    expect(url.searchParams.get('sp_api_key')).toBe('v2-key-CCCC');
    expect(url.searchParams.has('rsu_api_key')).toBe(false);
    expect(headers['X-RSU-API-SECRET']).toBe('v2-secret+/=DDDD');
  });

  it('oauth: only a bearer header, nothing in the URL', () => {
    const { url, headers } = applyCredentials(BASE, {}, OAUTH);
    expect(url.toString()).toBe(BASE.toString());
    expect(headers).toEqual({ Authorization: 'Bearer oauth-token-EEEE' });
  });

  it('leaves its inputs untouched', () => {
    const headers = {};
    applyCredentials(BASE, headers, V2);
    expect(BASE.searchParams.has('rsu_api_key')).toBe(false);
    expect(headers).toEqual({});
  });
});

describe('credentialRedactor', () => {
  it.each([V1, V2, SP, OAUTH])(
    'removes every secret of %o from URLs, headers and free text',
    (creds) => {
      const redact = credentialRedactor(creds);
      const { url, headers } = applyCredentials(BASE, {}, creds);
      const secrets =
        creds.kind === 'oauth' ? [creds.accessToken] : [creds.apiKey, creds.apiSecret];
      const texts = [
        url.toString(),
        JSON.stringify(headers),
        `GET ${url.pathname}${url.search} failed`,
        `RunSignup said: invalid key ${secrets.join(' / ')}`,
        `encoded ${secrets.map(encodeURIComponent).join('&')}`,
      ];
      for (const text of texts) {
        const out = redact(text);
        for (const s of secrets) {
          expect(out).not.toContain(s);
          expect(out).not.toContain(encodeURIComponent(s));
        }
      }
    },
  );

  it('keeps the rest of a URL readable', () => {
    const redact = credentialRedactor(V1);
    const { url } = applyCredentials(BASE, {}, V1);
    expect(redact(url.toString())).toBe(
      'https://runsignup.com/rest/race/1?format=json&api_key=[REDACTED]&api_secret=[REDACTED]',
    );
  });

  it('works with no credentials (pattern redaction only)', () => {
    expect(credentialRedactor(null)('x?api_secret=abc')).toBe('x?api_secret=[REDACTED]');
  });

  it('the shared logger also hides secret-looking query values', () => {
    const logger = new MemoryLogger();
    const { url } = applyCredentials(BASE, {}, V1);
    logger.warn(`failed ${url.toString()}`, { url: url.toString() });
    expect(logger.text()).not.toContain(V1.kind === 'v1' ? V1.apiSecret : '');
  });
});
