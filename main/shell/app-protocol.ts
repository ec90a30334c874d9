import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, rendererFileFor } from '../renderer-files';

/**
 * Declares `app://` a standard, secure scheme (so the page has an origin of its own, ES modules
 * and fetch work). Electron requires this before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** Serves `app://renderer/…` from `root` (out/renderer) only, with the renderer's CSP. */
export function serveRenderer(root: string, contentSecurityPolicy: string): void {
  protocol.handle(APP_SCHEME, async (request: Request) => {
    const found = rendererFileFor(root, request.url);
    if (!found) return new Response('Not found', { status: 404 });
    return new Response(await fs.readFile(found.file), {
      status: 200,
      headers: {
        'content-type': found.contentType,
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
