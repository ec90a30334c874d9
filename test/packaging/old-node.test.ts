import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { root } from './app-build';
import { tempDir } from '../support/temp-dir';

// An old Node: `npm install` stops before resolving anything (.npmrc engine-strict), and
// resources/check-node.cjs (npm start, npm test, the preinstall) gives a command that works.

/** Runs check-node.cjs as if on Node `version`: its exit code and what it printed. */
function checkNode(version: string): { code: number | null; printed: string } {
  let code: number | null = null;
  let printed = '';
  const exit = (c: number) => {
    code = c;
    throw new Error('exit');
  };
  try {
    vm.runInNewContext(readFileSync(path.join(root, 'resources/check-node.cjs'), 'utf8'), {
      process: { versions: { node: version }, exit },
      console: { error: (text: string) => (printed += text) },
    });
  } catch (e) {
    if ((e as Error).message !== 'exit') throw e;
  }
  return { code, printed };
}

describe('resources/check-node.cjs', () => {
  it.each(['20.20.2', '22.12.0', '23.11.0', '18.0.0'])('stops Node %s with a working hint', (v) => {
    const { code, printed } = checkNode(v);
    expect(code).toBe(1);
    expect(printed).toContain(`this is Node ${v}`);
    expect(printed).toContain('npx -y -p node@22 -- npm install');
  });

  it.each(['22.13.0', '22.23.3', '24.0.0', '26.1.0'])('lets Node %s through', (v) => {
    expect(checkNode(v)).toEqual({ code: null, printed: '' });
  });
});

/** A Node older than package.json allows, with its npm beside it (Debian's, where installed). */
function oldNode(): string | null {
  for (const dir of ['/usr/bin', '/usr/local/bin']) {
    const node = path.join(dir, 'node');
    if (!existsSync(node) || !existsSync(path.join(dir, 'npm'))) continue;
    const [major = 0, minor = 0] = execFileSync(node, ['-p', 'process.versions.node'], {
      encoding: 'utf8',
    })
      .trim()
      .split('.')
      .map(Number);
    if (!((major === 22 && minor >= 13) || major >= 24)) return dir;
  }
  return null;
}

describe('npm install on an old Node', () => {
  const dir = process.platform === 'linux' ? oldNode() : null;

  it.skipIf(!dir)('stops at once, resolves nothing and leaves the lock alone', async () => {
    const project = tempDir('old-node');
    for (const file of ['package.json', 'package-lock.json', '.npmrc'])
      await copyFile(path.join(root, file), path.join(project, file));
    const lock = readFileSync(path.join(project, 'package-lock.json'));
    const output = await new Promise<{ code: number; text: string }>((resolve) => {
      execFile(
        path.join(dir!, 'npm'),
        ['install', '--no-audit', '--no-fund'],
        { cwd: project, env: { ...process.env, PATH: `${dir}:/bin` }, timeout: 60_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, text: stdout + stderr }),
      );
    });
    expect(output.code).not.toBe(0);
    expect(output.text).toContain('EBADENGINE');
    expect(output.text).toContain('Required: {"node":"^22.13.0 || >=24"}');
    expect(output.text.trim().split('\n').length).toBeLessThan(12);
    expect(readdirSync(project).sort()).toEqual(['.npmrc', 'package-lock.json', 'package.json']);
    expect(readFileSync(path.join(project, 'package-lock.json')).equals(lock)).toBe(true);
  });
});
