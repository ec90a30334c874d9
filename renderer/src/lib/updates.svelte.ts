import type { Api, PublicSettings, SettingsPatch } from '../../../preload/api';
import { attempt } from './attempt';

/** Automatic updates on or off, and the admin's permission to install on a race day. */
export class UpdatesState {
  message = $state<{ ok: boolean; text: string } | null>(null);

  constructor(private readonly api: Pick<Api, 'updateSettings'>) {}

  /** Saves one switch; answers the settings as main now has them, or null when it refused. */
  async save(patch: SettingsPatch): Promise<PublicSettings | null> {
    const r = await attempt(() => this.api.updateSettings(patch));
    this.message = r.ok ? { ok: true, text: 'Saved.' } : { ok: false, text: r.failure.message };
    return r.ok ? r.value : null;
  }
}
