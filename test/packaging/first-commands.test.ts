import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureAppBuilt, root } from './app-build';
import { tempDir } from '../support/temp-dir';

// What a newcomer sees from `npm start`, `npm run test:electron` and `npm run dist` where Electron cannot be downloaded
// (this machine; elsewhere the download is pointed at a closed port on 127.0.0.1 and an empty
// cache so it fails the same way): one line that says what happened and what to do.

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let cache = '';
const electronInstalled = existsSync(path.join(root, 'node_modules/electron/path.txt'));

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: root,
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          ELECTRON_MIRROR: 'http://127.0.0.1:9/',
          electron_config_cache: cache,
          ELECTRON_EXEC_PATH: '',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The lines that start with the app's name: the explanation, and nothing like a stack trace. */
function explanation(result: Run): string[] {
  const all = `${result.stdout}\n${result.stderr}`;
  expect(all).not.toMatch(/^\s+at /m);
  return all.split('\n').filter((line) => line.startsWith('Race-Day Kiosk:'));
}

beforeAll(() => {
  cache = tempDir('electron-cache');
});

describe('npm start without the Electron runtime', () => {
  it.skipIf(electronInstalled)('stops with one line: what happened and what to do', async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = await run(npm, ['start']);
    expect(result.code).not.toBe(0);
    const lines = explanation(result);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatch(/Electron \d+\.\d+\.\d+ runtime could not be downloaded \(.+\)/);
    for (const hint of ['internet', 'HTTPS_PROXY', 'ELECTRON_MIRROR', 'npm run web'])
      expect(line).toContain(hint);
    expect(`${result.stdout}${result.stderr}`).not.toContain('Electron uninstall');
  });
});

describe('npm run test:electron without the Electron runtime', () => {
  it.skipIf(electronInstalled)('says in one line that the smoke test cannot run here', async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = await run(npm, ['run', 'test:electron']);
    expect(result.code).not.toBe(0);
    const lines = explanation(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/could not be downloaded \(.+\), so the smoke test cannot run/);
  });
});

describe('npm run dist without the Electron runtime for the target', () => {
  beforeAll(ensureAppBuilt, 120_000);

  it('stops at the download with one line: what happened and what to do', async () => {
    const output = path.join(cache, 'dist');
    // What `npm run dist:linux` runs after `electron-vite build` (the build is shared with the
    // other packaging tests, so it is not redone here).
    const result = await run(process.execPath, [
      'resources/dist.cjs',
      '--linux',
      '--dir',
      `-c.directories.output=${output}`,
    ]);
    expect(result.code).not.toBe(0);
    const lines = explanation(result);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatch(/could not download the Electron runtime .*\(.*ECONNREFUSED.*\)/);
    for (const hint of ['internet', 'HTTPS_PROXY', 'ELECTRON_MIRROR', 'release workflow'])
      expect(line).toContain(hint);
  });
});
