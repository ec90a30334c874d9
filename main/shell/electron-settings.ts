import Store from 'electron-store';
import type { Settings, SettingsStore } from '../settings';
import { readSettings, settingsSchema } from '../settings';

/** Settings kept by electron-store (a JSON file in the app's data folder). No secrets here. */
export class ElectronSettingsStore implements SettingsStore {
  private readonly store = new Store<Record<string, unknown>>({
    name: 'settings',
    clearInvalidConfig: true,
  });

  get(): Settings {
    return readSettings(this.store.store);
  }

  update(patch: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.get(), ...patch });
    this.store.store = next;
    return next;
  }
}
