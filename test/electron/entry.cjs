// The smoke test's Electron entry: the BUILT app (out/main/index.js) with its data in the
// folder the test names, so every launch starts fresh and no real kiosk's data is touched.
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { app } = require('electron');

app.setPath('userData', process.env.KIOSK_SMOKE_USER_DATA);
void import(pathToFileURL(path.join(__dirname, '../../out/main/index.js')).href);
