// Makes sure the Electron runtime is in node_modules/electron before `npm start`, `npm run dev`
// and `npm run test:electron` need it. Electron 45 has no install script: its binary is fetched
// by `install-electron` (node_modules/electron/install.js), which returns at once when the
// binary is already there. When the download fails, this says in one line what happened and
// what to do, instead of a stack trace or electron-vite's "Electron uninstall".
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// What needs Electron, for the message (`npm run test:electron` names the smoke test).
const needs = process.argv[2] ?? 'the app cannot start';
const electronDir = path.dirname(require.resolve('electron/package.json'));
const { version } = require('electron/package.json');

// electron-vite runs this binary instead when it is set; nothing to fetch then.
const override = process.env.ELECTRON_EXEC_PATH;
if (override && fs.existsSync(override)) process.exit(0);

const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
  encoding: 'utf8',
  env: { ...process.env, ELECTRON_GET_NO_PROGRESS: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
if (result.status === 0) process.exit(0);

console.error(explain(`${result.stdout}\n${result.stderr}`));
process.exit(1);

/** The one line a newcomer sees: what failed, why (from the installer's output), what to do. */
function explain(output) {
  let reason =
    output
      .split('\n')
      .map((line) => line.trim())
      .find(
        (line) => /error|failed|ENOTFOUND|ECONN|ETIMEDOUT/i.test(line) && !line.startsWith('at '),
      ) ?? 'no reason given';
  // Node's fetch says only "fetch failed" when the server cannot be reached at all.
  if (/fetch failed/.test(reason)) reason += ': the download server could not be reached';
  return (
    `Race-Day Kiosk: the Electron ${version} runtime could not be downloaded (${reason}), so ` +
    `${needs}. Connect to the internet and run this again; behind a proxy set HTTPS_PROXY and ` +
    'ELECTRON_GET_USE_PROXY=1; where the download server is blocked set ELECTRON_MIRROR to a ' +
    'mirror; without Electron, `npm run web` runs the app in a browser.'
  );
}
