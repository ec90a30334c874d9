import { phpJson } from './v1-encoding';
import { toXml } from './xml';

/** What an endpoint answers, before faults get a chance to mangle it. */
export interface SimReply {
  status: number;
  headers: Record<string, string>;
  /** Text, or its bytes already encoded as UTF-8. */
  body: string | Buffer;
}

export type V1Format = 'json' | 'xml';

const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'application/xml; charset=utf-8';

/** v1 endpoints answer XML unless `format=json` (RunSignup's default is XML). */
export function v1Format(query: URLSearchParams): V1Format {
  return (query.get('format') ?? '').toLowerCase() === 'json' ? 'json' : 'xml';
}

/**
 * A v1 success. JSON is PHP-encoded; XML wraps `value` in `xmlRoot`, or when `value` is an
 * object with a single key, in that key.
 */
export function v1Ok(format: V1Format, value: unknown, xmlRoot?: string): SimReply {
  if (format === 'json')
    return { status: 200, headers: { 'content-type': JSON_TYPE }, body: phpJson(value) };
  let root = xmlRoot ?? 'response';
  let inner = value;
  if (!xmlRoot && value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0]) {
      root = keys[0];
      inner = (value as Record<string, unknown>)[root];
    }
  }
  return { status: 200, headers: { 'content-type': XML_TYPE }, body: toXml(root, inner) };
}

/** A v1 JSON success already encoded (PHP-escaped JSON in UTF-8). */
export function v1JsonBytes(body: Buffer): SimReply {
  return { status: 200, headers: { 'content-type': JSON_TYPE }, body };
}

/**
 * A v1 error: `{"error":{"error_code":N,"error_msg":"…"}}`, with HTTP 200 as RunSignup usually
 * sends it (docs/RUNSIGNUP.md §5) unless `status` says otherwise (code 17 comes with 400).
 */
export function v1Error(
  format: V1Format,
  code: number,
  message: string,
  extra: { status?: number; details?: string[] } = {},
): SimReply {
  const body = {
    error: { error_code: code, error_msg: message },
    ...(extra.details ? { error_details: extra.details } : {}),
  };
  const reply = extra.details ? v1Ok(format, body, 'response') : v1Ok(format, body);
  return { ...reply, status: extra.status ?? 200 };
}

export function v2Json(status: number, value: unknown): SimReply {
  return { status, headers: { 'content-type': JSON_TYPE }, body: phpJson(value) };
}

/** A v2 error: a real HTTP status with `{"error":"…","details":{…}}`. */
export function v2Error(
  status: number,
  message: string,
  details?: Record<string, unknown>,
): SimReply {
  return v2Json(status, details ? { error: message, details } : { error: message });
}

const REASONS: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** The HTML page nginx answers with when the application behind it is unwell. */
export function nginxError(status: number, headers: Record<string, string> = {}): SimReply {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  return {
    status,
    headers: { 'content-type': 'text/html', ...headers },
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}
