/**
 * Secrets never reach a log line, an error message or a stored request (docs/ARCHITECTURE.md
 * "Security rules"). Everything that turns a request or a response into text goes through here.
 */
const SECRET_QUERY_PARAMS = [
  'api_secret',
  'api_key',
  'rsu_api_key',
  'sp_api_key',
  'access_token',
  'refresh_token',
  'client_secret',
];
const SECRET_HEADERS = ['x-rsu-api-secret', 'x-rsu-api-reg-secret', 'authorization'];

const queryPattern = new RegExp(`([?&](?:${SECRET_QUERY_PARAMS.join('|')})=)[^&#\\s"']*`, 'gi');
const headerPattern = new RegExp(
  `((?:${SECRET_HEADERS.join('|')})["']?\\s*[:=]\\s*["']?)(?:Bearer\\s+)?[^\\s"',}]+`,
  'gi',
);

/** Known secret values registered at run time (the current credentials), redacted wherever they appear. */
export class SecretRegistry {
  private readonly values = new Set<string>();
  add(...secrets: Array<string | undefined | null>): void {
    for (const s of secrets) if (s && s.length >= 4) this.values.add(s);
  }
  clear(): void {
    this.values.clear();
  }
  redact(text: string): string {
    let out = redactText(text);
    for (const v of this.values) out = out.split(v).join('[REDACTED]');
    return out;
  }
}

/** Redacts secret query parameters and secret headers from any text (URLs, header dumps, JSON). */
export function redactText(text: string): string {
  return text.replace(queryPattern, '$1[REDACTED]').replace(headerPattern, '$1[REDACTED]');
}

/** A URL safe to log: secret query parameters replaced. */
export function redactUrl(url: string | URL): string {
  return redactText(String(url));
}

/** Headers safe to log. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = SECRET_HEADERS.includes(k.toLowerCase()) ? '[REDACTED]' : v;
  }
  return out;
}
