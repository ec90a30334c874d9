import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../main/logging';
import type { Credentials } from '../../main/runsignup/credentials';
import { LINK_PROFILES } from '../../main/simulator/link';
import { startWebHost } from './server';

// `npm run web`: the app in a browser, for machines without a display or without Electron.
const usage = `Usage: npm run web -- [options]

  --data-dir DIR     where the database, settings and logs live (env KIOSK_DATA_DIR;
                     default ~/.race-day-kiosk-web)
  --base-url URL     RunSignup base URL including /rest (env RSU_BASE_URL)
  --key-kind v1|v2   which kind of API key --api-key/--api-secret are (env RSU_KEY_KIND; default v2)
  --api-key KEY      RunSignup API key (env RSU_API_KEY)
  --api-secret S     RunSignup API secret (env RSU_API_SECRET)
  --token TOKEN      OAuth access token instead of a key (env RSU_OAUTH_TOKEN)
  --race-id N        the race to connect with those credentials (env RSU_RACE_ID)
  --practice         force practice mode on; --no-practice forces it off (env KIOSK_PRACTICE=1|0)
  --port N           port on 127.0.0.1 (default: a free one)
  --link venue       the practice race answers as over a venue link: 80 ms round trip,
                     20 Mbit/s, RunSignup's 0.5 s + 0.1 ms per row per participants page, gzip
                     (main/simulator/link.ts)
`;

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'base-url': { type: 'string' },
    'key-kind': { type: 'string' },
    'api-key': { type: 'string' },
    'api-secret': { type: 'string' },
    token: { type: 'string' },
    'race-id': { type: 'string' },
    practice: { type: 'boolean' },
    'no-practice': { type: 'boolean' },
    port: { type: 'string' },
    link: { type: 'string' },
    help: { type: 'boolean' },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const env = process.env;
const dataDir =
  values['data-dir'] ?? env['KIOSK_DATA_DIR'] ?? path.join(os.homedir(), '.race-day-kiosk-web');
const apiKey = values['api-key'] ?? env['RSU_API_KEY'];
const apiSecret = values['api-secret'] ?? env['RSU_API_SECRET'];
const token = values.token ?? env['RSU_OAUTH_TOKEN'];
const kind = values['key-kind'] ?? env['RSU_KEY_KIND'] ?? 'v2';

let credentials: Credentials | null = null;
if (token) credentials = { kind: 'oauth', accessToken: token };
else if (apiKey && apiSecret) {
  if (kind !== 'v1' && kind !== 'v2') {
    console.error(`--key-kind must be v1 or v2, not "${kind}"`);
    process.exit(2);
  }
  credentials = { kind, apiKey, apiSecret };
} else if (apiKey || apiSecret) {
  console.error('Give both --api-key and --api-secret (or neither).');
  process.exit(2);
}

let practice: boolean | undefined;
if (values.practice) practice = true;
else if (values['no-practice']) practice = false;
else if (env['KIOSK_PRACTICE'] === '1' || env['KIOSK_PRACTICE'] === '0')
  practice = env['KIOSK_PRACTICE'] === '1';

const raceIdText = values['race-id'] ?? env['RSU_RACE_ID'];
const raceId = raceIdText === undefined ? undefined : Number(raceIdText);
if (raceId !== undefined && (!Number.isInteger(raceId) || raceId <= 0)) {
  console.error(`--race-id must be a race number, not "${raceIdText}"`);
  process.exit(2);
}
if (raceId !== undefined && !credentials) {
  console.error('--race-id needs credentials (--api-key and --api-secret, or --token).');
  process.exit(2);
}

const link = values.link === undefined ? undefined : LINK_PROFILES[values.link];
if (values.link !== undefined && !link) {
  console.error(
    `--link must be one of ${Object.keys(LINK_PROFILES).join(', ')}, not "${values.link}"`,
  );
  process.exit(2);
}

const host = await startWebHost({
  dataDir,
  baseUrl: values['base-url'] ?? env['RSU_BASE_URL'],
  credentials,
  practice: raceId !== undefined && practice === undefined ? false : practice,
  settings: raceId !== undefined ? { raceId } : undefined,
  port: values.port ? Number(values.port) : undefined,
  logger: createLogger({ file: path.join(dataDir, 'logs', 'kiosk.log') }),
  ...(link ? { deps: { practice: { link } } } : {}),
});

console.log(`Race-Day Kiosk (web host) is running. Data folder: ${dataDir}`);
console.log(`Open: ${host.url}`);

const stop = async () => {
  await host.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
