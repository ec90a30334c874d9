// `npm run test:electron` after the Electron runtime is there and the app is built: the smoke
// test in real Electron (test/electron/), driven by Playwright. Linux without a display runs it
// under xvfb-run; where that is missing this says so in one line.
const { spawnSync } = require('node:child_process');

const vitest = ['vitest', 'run', '--project', 'electron'];
const headless =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
let command = ['npx', ...vitest];
if (headless) {
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error) {
    console.error(
      'Race-Day Kiosk: the Electron smoke test needs a display and there is none; install ' +
        'xvfb (Debian/Ubuntu: sudo apt-get install xvfb) so it runs under xvfb-run, or run it on a desktop.',
    );
    process.exit(1);
  }
  command = ['xvfb-run', '--auto-servernum', '--server-args=-screen 0 1366x768x24', ...command];
}
const result = spawnSync(command[0], command.slice(1), {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
