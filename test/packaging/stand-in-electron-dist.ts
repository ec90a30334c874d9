import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a stand-in for an unpacked Linux Electron distribution into `dir` and returns `dir`,
 * for electron-builder's `electronDist` option: the real one is a download this machine cannot
 * make. For a linux `--dir` build electron-builder copies the directory whole into
 * `linux-unpacked/`, renames `electron` to the app's executable name and moves `LICENSE` to
 * `LICENSE.electron.txt` (app-builder-lib ElectronFramework.js); nothing else is read. The
 * stand-in executable only says what it is: nothing here can launch the app.
 */
export async function writeStandInElectronDist(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  const executable = path.join(dir, 'electron');
  await writeFile(
    executable,
    '#!/bin/sh\necho "stand-in for the Electron binary (packaging test)" >&2\nexit 1\n',
  );
  await chmod(executable, 0o755);
  await writeFile(path.join(dir, 'LICENSE'), 'Stand-in for the Electron license file.\n');
  return dir;
}
