import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temp folder, removed by `dispose`. */
export function tempDir(label: string): { dir: string; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kiosk-bench-${label}-`));
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
