import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Builds the app (npx electron-vite build) when there is no built renderer yet; the web host serves it. */
export function ensureRendererBuilt(root: string): void {
  if (fs.existsSync(path.join(root, 'out/renderer/index.html'))) return;
  console.log('No built renderer: running npx electron-vite build…');
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`electron-vite build failed (exit ${r.status ?? r.signal})`);
}
