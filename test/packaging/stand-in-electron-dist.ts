import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a stand-in for an unpacked Linux Electron distribution into `dir` and returns `dir`,
 * for electron-builder's `electronDist` option: the real one is a download this machine cannot
 * make. For a linux `--dir` build electron-builder copies the directory whole into
 * `linux-unpacked/`, renames `electron` to the app's executable name and moves `LICENSE` to
 * `LICENSE.electron.txt` (app-builder-lib ElectronFramework.js); nothing else is read. The
 * stand-in executable only says what it is: nothing here can launch the app. Like a real
 * Electron binary it carries a fuse wire (version 1, eight fuses, Electron's defaults) after its
 * sentinel, so electron-builder can flip the fuses of electron-builder.yml in it.
 */
/** @electron/fuses finds the fuse wire after this marker. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, EmbeddedAsarIntegrityValidation,
 * OnlyLoadAppFromAsar, BrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges as a
 * new Electron ships them ('1' on, '0' off).
 */
const ELECTRON_DEFAULT_FUSES = '10110001';

export async function writeStandInElectronDist(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  const executable = path.join(dir, 'electron');
  await writeFile(
    executable,
    '#!/bin/sh\necho "stand-in for the Electron binary (packaging test)" >&2\nexit 1\n' +
      `# ${FUSE_SENTINEL}\x01\x08${ELECTRON_DEFAULT_FUSES}\n`,
  );
  await chmod(executable, 0o755);
  await writeFile(path.join(dir, 'LICENSE'), 'Stand-in for the Electron license file.\n');
  return dir;
}
