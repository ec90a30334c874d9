import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterThis } from './cleanup';

/**
 * A fresh folder `kiosk-<label>-…` in the OS temp folder, removed after the test that made it
 * (made in beforeAll or a describe body: after the file's tests).
 */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kiosk-${label}-`));
  afterThis(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A path `name` inside a fresh temp folder (the file itself is not created). */
export function tempFile(label: string, name: string): string {
  return path.join(tempDir(label), name);
}
