// Refuses to go on with a Node older than the stack needs, and says what to do.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `\nRace-Day Kiosk needs Node.js 22.12 or newer; this is Node ${process.versions.node}.\n` +
      'Install Node 22 LTS from https://nodejs.org (or run: npx -y node@22 --version to fetch one)\n',
  );
  process.exit(1);
}
