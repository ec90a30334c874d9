import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_METHODS } from '../../preload/api';
import { ensureAppBuilt, root } from './app-build';

// The BUILT main bundle (out/main/index.js, ESM, with electron-store bundled in and
// better-sqlite3 external) booted in Node 22 with the stand-in electron module: the closest
// this machine can come to launching the app.
interface BootReport {
  preload: string;
  preloadExists: boolean;
  pageUrl: string;
  pageStatus: number;
  pageHasCsp: boolean;
  script: string;
  scriptStatus: number;
  handlers: number;
  status: { practice: boolean; race: { name: string } | null; connectivity: { online: boolean } };
  settingsSaved: boolean;
  settingsFile: string;
  database: boolean;
}

describe('the built main bundle', () => {
  let report: BootReport;

  beforeAll(async () => {
    await ensureAppBuilt();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './test/stand-ins/use-stand-in-electron.mjs',
        'test/packaging/boot-main-bundle.ts',
        'out/main/index.js',
      ],
      { cwd: root, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as BootReport;
  });

  it('opens the window on the built preload and renderer', () => {
    expect(report.preload).toBe(path.join(root, 'out/preload/index.cjs'));
    expect(report.preloadExists).toBe(true);
    // The renderer comes from app://renderer, served from out/renderer by the app's handler.
    expect(report.pageUrl).toBe('app://renderer/index.html');
    expect(report.pageStatus).toBe(200);
    expect(report.pageHasCsp).toBe(true);
    expect(report.script).toMatch(/^\.?\/assets\/.+\.js$/);
    expect(report.scriptStatus).toBe(200);
  });

  it('binds every Api method', () => {
    expect(report.handlers).toBe(REQUEST_METHODS.length);
  });

  it('runs the practice race with SQLite, and keeps settings through electron-store', () => {
    expect(report.status.practice).toBe(true);
    expect(report.status.race?.name).toBeTruthy();
    expect(report.database).toBe(true);
    expect(report.settingsSaved).toBe(true);
    expect(JSON.parse(report.settingsFile)).toMatchObject({
      deviceName: 'Bundle check',
      practice: true,
    });
  });
});
