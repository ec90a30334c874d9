import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export const root = path.resolve(import.meta.dirname, '../..');

/** What `npm run build` writes and the package must hold. */
export const appFiles = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

/** `npm test` runs these tests before it builds: build into out/ unless a build is there already. */
export async function ensureAppBuilt(): Promise<void> {
  if (appFiles.every((file) => existsSync(path.join(root, file)))) return;
  const cli = path.join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  await promisify(execFile)(process.execPath, [cli, 'build'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
}
