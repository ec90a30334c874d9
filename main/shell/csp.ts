/**
 * The renderer's Content-Security-Policy: only the app's own scripts and styles, no remote
 * content, no inline script, no network (the renderer never touches it; main does).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** What the dev server needs on top (Vite's HMR injects styles and talks over a WebSocket). */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "style-src 'self'",
  "style-src 'self' 'unsafe-inline'",
).replace("connect-src 'none'", 'connect-src ws://localhost:* http://localhost:*');
