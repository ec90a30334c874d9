// Refuses to go on with a Node older than the stack needs (package.json "engines": 22.13 or
// newer in the 22 line, or 24 and later; eslint asks for 22.13), and says what to do.
// `npm install` itself stops earlier, before resolving anything: .npmrc sets engine-strict.
// Written for old Node: no syntax newer than ES2015 here.
const [major, minor] = process.versions.node.split('.').map(Number);
if (!((major === 22 && minor >= 13) || major >= 24)) {
  console.error(
    `\nRace-Day Kiosk needs Node.js 22.13 or newer (22 LTS or 24+); this is Node ${process.versions.node}.\n` +
      'Install Node 22 LTS from https://nodejs.org, or run each npm command with Node 22 put first\n' +
      'on the PATH by npx, for example:\n' +
      '  npx -y -p node@22 -- npm install\n' +
      '  npx -y -p node@22 -- npm start\n',
  );
  process.exit(1);
}
