// `npm run dist[:win|:mac|:linux]` after `electron-vite build`: electron-builder with the same
// arguments as its CLI, except that a failed download (the Electron runtime for the target or
// a packaging tool, fetched on the first build) ends with one line saying what happened and
// what to do instead of a stack trace. Any other failure is shown in full: that is a bug.
const { build, configureBuildCommand, createYargs } = require('electron-builder/out/builder');

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_TIMEOUT',
]);

/** True for an error that comes from downloading (got's RequestError, an HTTP status, a socket). */
function isDownloadFailure(error) {
  for (let e = error; e; e = e.cause) {
    if (NETWORK_CODES.has(e.code)) return true;
    if (['RequestError', 'HTTPError', 'TimeoutError'].includes(e.name)) return true;
    if (/fetch failed|Response code \d+|status code \d+/i.test(String(e.message))) return true;
  }
  return false;
}

const args = configureBuildCommand(createYargs()).parseSync(process.argv.slice(2));
// A local build never uploads (electron-builder would on a CI tag): only `--publish always`.
if (args.publish === undefined) args.publish = 'never';
build(args).catch((error) => {
  if (!isDownloadFailure(error)) {
    console.error(error);
    process.exit(1);
  }
  console.error(
    `Race-Day Kiosk: npm run dist stopped: electron-builder could not download the Electron ` +
      `runtime or a packaging tool for the target (${error.message}). Build installers on a ` +
      'machine with internet access (behind a proxy set HTTPS_PROXY; where the download server ' +
      'is blocked set ELECTRON_MIRROR), or push a version tag and let the release workflow build them.',
  );
  process.exit(1);
});
