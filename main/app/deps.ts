import type { Clock } from '../clock';
import type { ExportSink } from '../exports';
import type { Logger } from '../logging';
import type { SessionTimings } from '../race-session';
import type { SecretRegistry } from '../redact';
import type { CallerRegistration } from '../runsignup/caller-registration';
import type { SecretStore } from '../secrets';
import type { SettingsStore } from '../settings';
import type { LinkProfile } from '../simulator/link';

/** Everything the kiosk needs from outside, passed in (docs/ARCHITECTURE.md "Conventions"). */
export interface KioskDeps {
  /** Folder for the databases, logs and exports. */
  dataDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  version: string;
  fetch?: typeof fetch;
  clock?: Clock;
  logger?: Logger;
  /** Secret values to redact everywhere (the logger shares it). */
  secretRegistry?: SecretRegistry;
  /** Where CSV exports go (default: <dataDir>/exports). */
  exports?: ExportSink;
  /**
   * Where CSV exports go in kiosk mode: a fixed folder, never a save dialog (an OS file dialog
   * is a way out of a kiosk). Default: `exports`.
   */
  kioskExports?: ExportSink;
  /** The folder `listImportFiles` / `readImportFile` read (default: <dataDir>/imports). */
  importDir?: string;
  /** The practice race (tests make it smaller or livelier). */
  practice?: {
    seed?: number;
    participants?: number;
    checkinsPerMinute?: number;
    /** The practice race answers as over this link (`npm run web -- --link venue`). */
    link?: LinkProfile;
  };
  /**
   * RunSignup addresses trusted besides RunSignup's own https hosts: the web host's
   * `--base-url` and the test harness's simulators. The Electron app never sets it.
   */
  trustedBaseUrls?: readonly string[];
  /** `--kiosk` on the command line: kiosk mode for this run. */
  forceKiosk?: boolean;
  /** Loop timings (tests shorten them). */
  timings?: SessionTimings & { probeIntervalMs?: number; requestTimeoutMs?: number };
  /**
   * The API caller registration baked in when the installers were built (README "Installers"),
   * used while none is stored in Settings.
   */
  builtInCallerRegistration?: CallerRegistration | null;
}
