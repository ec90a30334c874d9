/**
 * The renderer's own origin (issue: on file:// `script-src 'self'` admits any local file). The
 * shell serves the built renderer from a privileged custom scheme, `app://renderer/…`, whose
 * handler answers only with files under `out/renderer` (main/shell/app-protocol.ts); the IPC
 * sender check compares the page's origin with it exactly. Plain Node: unit-tested.
 */
import fs from 'node:fs';
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Scheme and host (with port) of a URL, e.g. "app://renderer" or "http://localhost:5173". */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.username || u.password) return null;
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return null;
  }
}

/** True when `url` is on exactly the origin of `allowed` (no prefix games). */
export function sameOrigin(url: string, allowed: string): boolean {
  const a = originOf(url);
  return a !== null && a === originOf(allowed);
}

export interface RendererFile {
  file: string;
  contentType: string;
}

/**
 * The file under `root` that `url` names, or null: another scheme or host, a path that leaves
 * `root` (also through a symbolic link), a folder, or a file that does not exist.
 */
export function rendererFileFor(root: string, url: string): RendererFile | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password)
    return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  try {
    const realRoot = fs.realpathSync(root);
    const file = fs.realpathSync(path.resolve(realRoot, `.${rel}`));
    const inside = path.relative(realRoot, file);
    if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) return null;
    if (!fs.statSync(file).isFile()) return null;
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
    return type ? { file, contentType: type } : null;
  } catch {
    return null;
  }
}
