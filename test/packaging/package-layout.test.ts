import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { Arch, Platform, build } from 'electron-builder';
import { extractAll, extractFile, listPackage, statFile } from '@electron/asar';
import { appFiles, ensureAppBuilt, root } from './app-build';
import { writeStandInElectronDist } from './stand-in-electron-dist';
import { tempDir } from '../support/temp-dir';

// Packs the app with the real electron-builder.yml (linux, --dir: no installer tools needed)
// around a stand-in Electron, then looks inside: what app.asar holds, what sits beside it, and
// whether the packaged better-sqlite3 loads in plain Node. It cannot launch the app.

const run = promisify(execFile);
const supported = process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch);
const prebuild = `node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`;

let work = '';
let appOutDir = '';
let asarPath = '';
let entries: string[] = [];

/** The npm package a bare import specifier names (`@scope/name/sub` -> `@scope/name`). */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

describe.runIf(supported)('the packaged app (electron-builder, linux --dir)', () => {
  beforeAll(async () => {
    await ensureAppBuilt();
    work = tempDir('packaging');
    const electronDist = await writeStandInElectronDist(path.join(work, 'electron'));
    const output = path.join(work, 'dist');
    const arch = process.arch === 'arm64' ? Arch.arm64 : Arch.x64;
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', arch),
      publish: 'never',
      config: { electronDist, directories: { output } },
    });
    appOutDir = path.join(output, arch === Arch.x64 ? 'linux-unpacked' : 'linux-arm64-unpacked');
    asarPath = path.join(appOutDir, 'resources', 'app.asar');
    entries = listPackage(asarPath, { isPack: false }).map((entry) => entry.replace(/^\//, ''));
  }, 120_000);

  it('flips the Electron fuses: no RunAsNode, NODE_OPTIONS or inspect; only app.asar, checked', async () => {
    // The fuse wire after its sentinel in the packed executable (see stand-in-electron-dist.ts).
    const binary = await readFile(path.join(appOutDir, 'race-day-kiosk'));
    const at = binary.indexOf('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX');
    expect(at).toBeGreaterThan(0);
    const wire = binary.subarray(at + 32 + 2, at + 32 + 2 + binary[at + 33]!).toString('latin1');
    const fuse = (i: number) => wire[i];
    expect(fuse(0), 'RunAsNode').toBe('0');
    expect(fuse(2), 'NODE_OPTIONS and NODE_EXTRA_CA_CERTS').toBe('0');
    expect(fuse(3), '--inspect').toBe('0');
    expect(fuse(4), 'embedded asar integrity validation').toBe('1');
    expect(fuse(5), 'only load the app from app.asar').toBe('1');
    expect(fuse(7), 'extra privileges for file://').toBe('0');
  });

  it('holds the built main, preload and renderer, and package.json pointing at main', () => {
    expect(entries).toEqual(expect.arrayContaining([...appFiles, 'package.json']));
    const manifest = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as {
      main?: string;
      desktopName?: string;
    };
    expect(manifest.main).toBe('out/main/index.js');
    expect(manifest.desktopName).toBe('race-day-kiosk.desktop');
  });

  it('holds nothing but the build, package.json and runtime node_modules', () => {
    const topLevel = new Set(entries.map((entry) => entry.split('/')[0]));
    expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json']);
    const built = new Set(entries.filter((e) => e.startsWith('out/')).map((e) => e.split('/')[1]));
    expect([...built].sort()).toEqual(['main', 'preload', 'renderer']);
    expect(entries.filter((entry) => entry.startsWith('test/'))).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.ts'))).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
    // better-sqlite3's C sources and the headers it compiles with are build-time only.
    const buildOnly = /^node_modules\/(better-sqlite3\/(deps|src)\/|node-addon-api\/)/;
    expect(entries.filter((entry) => buildOnly.test(entry))).toEqual([]);
  });

  it('packs every package that the main bundle imports', () => {
    const main = extractFile(asarPath, 'out/main/index.js').toString('utf8');
    const imports = [...main.matchAll(/^import\s*(?:[^;]*?\sfrom\s*)?["']([^"']+)["']/gm)].map(
      (match) => match[1] ?? '',
    );
    const packages = imports.filter(
      (specifier) =>
        !specifier.startsWith('.') && !isBuiltin(specifier) && specifier !== 'electron',
    );
    expect(packages).toContain('better-sqlite3');
    for (const specifier of packages) {
      expect(entries).toContain(`node_modules/${packageName(specifier)}/package.json`);
    }
  });

  it('keeps better-sqlite3 JavaScript in the archive and its binary beside it', () => {
    expect(statFile(asarPath, 'node_modules/better-sqlite3/lib/index.js')).not.toHaveProperty(
      'unpacked',
    );
    expect(statFile(asarPath, prebuild)).toHaveProperty('unpacked', true);
    expect(existsSync(path.join(appOutDir, 'resources', 'app.asar.unpacked', prebuild))).toBe(true);
    // One binary per OS for the target architecture; no musl, no other architecture.
    const binaries = entries.filter((entry) => entry.endsWith('.node'));
    expect(binaries).toContain(prebuild);
    expect(binaries.filter((entry) => !entry.endsWith(`-${process.arch}.node`))).toEqual([]);
    expect(binaries.filter((entry) => entry.includes('musl'))).toEqual([]);
  });

  it('names the executable for the app', () => {
    expect(existsSync(path.join(appOutDir, 'race-day-kiosk'))).toBe(true);
    expect(existsSync(path.join(appOutDir, 'electron'))).toBe(false);
  });

  it('ships a better-sqlite3 that opens a database in plain Node', async () => {
    const extracted = path.join(work, 'extracted');
    extractAll(asarPath, extracted); // unpacked files come from app.asar.unpacked
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(':memory:');
      const { version } = db.prepare('select sqlite_version() as version').get();
      db.close();
      process.stdout.write(JSON.stringify({ from: require.resolve('better-sqlite3'), version }));`;
    const { stdout } = await run(process.execPath, ['--input-type=commonjs', '-e', script], {
      cwd: extracted,
    });
    const loaded = JSON.parse(stdout) as { from: string; version: string };
    expect(loaded.from.startsWith(extracted + path.sep)).toBe(true);
    expect(loaded.version).toMatch(/^3\.\d+\.\d+$/);
  });
});

describe('the installer icons', () => {
  const resources = path.join(root, 'resources');

  // electron-builder uses icon.ico and icon.icns as they are when found by name (an .ico must
  // hold a 256 px image); otherwise it downloads a tool to convert icon.png.
  it('has a Windows icon with a 256 px image', async () => {
    const ico = await readFile(path.join(resources, 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1); // type 1: icon
    const count = ico.readUInt16LE(4);
    const widths = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(widths).toContain(256);
    expect(widths).toContain(16);
  });

  it('has a macOS icon and a 512 px PNG set for Linux', async () => {
    const icns = await readFile(path.join(resources, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    for (const file of ['icon.png', 'icons/512x512.png', 'icons/256x256.png']) {
      const png = await readFile(path.join(resources, file));
      const size = Number(file.match(/(\d+)x/)?.[1] ?? 512);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });
});
