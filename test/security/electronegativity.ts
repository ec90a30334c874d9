/**
 * Runs @doyensec/electronegativity over the app's own code (main, preload, the built
 * renderer's index.html with its real CSP) and fails on any finding not explained in
 * electronegativity-explained.json. Part of `npm test` (after the build).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Explained {
  check: string;
  file: string;
  why: string;
}

const root = path.resolve(import.meta.dirname, '../..');
const built = path.join(root, 'out/renderer/index.html');
if (!fs.existsSync(built)) {
  console.error('electronegativity: build the app first (npm run build).');
  process.exit(2);
}

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-eneg-'));
fs.cpSync(path.join(root, 'main'), path.join(stage, 'main'), { recursive: true });
// The simulator is a plain HTTP server that never touches Electron; scanning it adds only noise.
fs.rmSync(path.join(stage, 'main/simulator'), { recursive: true, force: true });
fs.cpSync(path.join(root, 'preload'), path.join(stage, 'preload'), { recursive: true });
fs.mkdirSync(path.join(stage, 'renderer'));
fs.copyFileSync(built, path.join(stage, 'renderer/index.html'));
fs.copyFileSync(path.join(root, 'package.json'), path.join(stage, 'package.json'));

// SARIF (JSON): the CSV output does not quote samples that contain quotes.
const report = path.join(stage, 'findings.sarif');
const bin = path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
execFileSync(
  process.execPath,
  [bin, '-i', stage, '-r', '-v', 'false', '-e', '45.4.1', '-o', report],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 120_000,
  },
);

interface SarifResult {
  ruleId: string;
  message?: { text?: string };
  locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }>;
}
const sarif = JSON.parse(fs.readFileSync(report, 'utf8')) as {
  runs: Array<{ results: SarifResult[] }>;
};
const rows = sarif.runs.flatMap((run) => run.results);
const explained: Explained[] = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'electronegativity-explained.json'), 'utf8'),
);
const key = (check: string, file: string) => `${check} @ ${file.replace(/\\/g, '/')}`;
const known = new Map(explained.map((e) => [key(e.check, e.file), e.why]));

let unexplained = 0;
for (const r of rows) {
  const check = r.ruleId;
  const file = (r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '').replace(
    stage + path.sep,
    '',
  );
  const why = known.get(key(check, file));
  if (why) console.log(`explained  ${key(check, file)}: ${why}`);
  else {
    unexplained += 1;
    console.log(`UNEXPLAINED ${key(check, file)}: ${r.message?.text ?? ''}`);
  }
}
console.log(`electronegativity: ${rows.length} findings, ${unexplained} unexplained`);
fs.rmSync(stage, { recursive: true, force: true });
process.exit(unexplained === 0 ? 0 : 1);
