import { describe, expect, it } from 'vitest';
import { SecretRegistry, redactHeaders, redactText, redactUrl } from '../../../main/redact';

describe('redaction', () => {
  it('removes secret query parameters from URLs', () => {
    const url =
      'https://runsignup.com/rest/race/1?format=json&api_key=KEY123&api_secret=SECRET456&page=2';
    const out = redactUrl(url);
    expect(out).not.toContain('KEY123');
    expect(out).not.toContain('SECRET456');
    expect(out).toContain('format=json');
    expect(out).toContain('page=2');
    expect(redactUrl('https://x/rest?rsu_api_key=abc&sp_api_key=def')).not.toMatch(/abc|def/);
  });

  it('removes secret headers from header dumps and objects', () => {
    expect(redactText('X-RSU-API-SECRET: hunter2hunter2')).not.toContain('hunter2');
    expect(redactText('{"authorization":"Bearer tok_abcdef"}')).not.toContain('tok_abcdef');
    expect(
      redactHeaders({ Authorization: 'Bearer t', 'X-RSU-API-SECRET': 's', Accept: 'json' }),
    ).toEqual({
      Authorization: '[REDACTED]',
      'X-RSU-API-SECRET': '[REDACTED]',
      Accept: 'json',
    });
  });

  it('removes registered secret values wherever they appear', () => {
    const r = new SecretRegistry();
    r.add('s3cr3t-value');
    expect(r.redact('failed with s3cr3t-value inside a message')).toBe(
      'failed with [REDACTED] inside a message',
    );
  });
});
