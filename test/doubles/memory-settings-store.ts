import type { Settings, SettingsStore } from '../../main/settings';
import { readSettings, settingsSchema } from '../../main/settings';

/** Settings kept in memory only (tests and the memory benchmark; the app uses electron-store). */
export class MemorySettingsStore implements SettingsStore {
  private value: Settings;
  constructor(initial: Partial<Settings> = {}) {
    this.value = readSettings(initial);
  }
  get(): Settings {
    return this.value;
  }
  update(patch: Partial<Settings>): Settings {
    this.value = settingsSchema.parse({ ...this.value, ...patch });
    return this.value;
  }
}
