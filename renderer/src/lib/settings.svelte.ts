import type {
  Api,
  ApiFailure,
  CredentialsInput,
  PublicSettings,
  RaceSummary,
} from '../../../preload/api';
import { attempt } from './attempt';

/** Where feedback shows: next to the control that caused it. */
export type Place = 'race' | 'connect' | 'device';

type SettingsApi = Pick<
  Api,
  | 'getSettings'
  | 'getRace'
  | 'updateSettings'
  | 'connect'
  | 'selectRace'
  | 'setPractice'
  | 'clearCredentials'
  | 'setOutage'
>;

/** The same events, in any order. */
export function sameEvents(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** The Settings screen: the race in use, connecting another, this device; each action's answer. */
export class SettingsState {
  settings = $state<PublicSettings | null>(null);
  race = $state<RaceSummary | null>(null);
  message = $state<{ ok: boolean; text: string; at: Place } | null>(null);
  /** An action waiting for "yes, switch anyway" because results are unsent. */
  pendingConfirm = $state<{ text: string; run: () => Promise<void>; at: Place } | null>(null);

  // This device
  deviceName = $state('');
  pollIntervalSec = $state(5);
  baseUrl = $state('');

  // Connecting a race
  kind = $state<CredentialsInput['kind']>('v2');
  apiKey = $state('');
  apiSecret = $state('');
  accessToken = $state('');
  raceIdText = $state('');
  // The app's API caller registration (optional here: typed once, or built into the installer)
  callerRegId = $state('');
  callerSecret = $state('');
  connecting = $state(false);
  connectError = $state<ApiFailure | null>(null);
  candidate = $state<RaceSummary | null>(null);
  chosenEvents = $state<number[]>([]);

  constructor(private readonly api: SettingsApi) {}

  private fill(s: PublicSettings): void {
    this.settings = s;
    this.deviceName = s.deviceName;
    this.pollIntervalSec = s.pollIntervalSec;
    this.baseUrl = s.baseUrl;
  }

  private fail(text: string, at: Place): void {
    this.message = { ok: false, text, at };
  }

  async refresh(): Promise<void> {
    this.fill(await this.api.getSettings());
    this.race = await this.api.getRace();
  }

  /** The race's events again (they arrive with a newly chosen race's roster). */
  async reloadRace(): Promise<void> {
    const r = await attempt(() => this.api.getRace());
    if (r.ok) this.race = r.value;
  }

  /** First load; a failure shows next to the race. */
  async load(): Promise<void> {
    const r = await attempt(() => this.refresh());
    if (!r.ok) this.fail(r.failure.message, 'race');
  }

  async saveDevice(): Promise<void> {
    const r = await attempt(() =>
      this.api.updateSettings({
        deviceName: this.deviceName,
        pollIntervalSec: Number(this.pollIntervalSec),
        baseUrl: this.baseUrl,
      }),
    );
    if (!r.ok) return this.fail(r.failure.message, 'device');
    this.fill(r.value);
    this.message = { ok: true, text: 'Saved.', at: 'device' };
  }

  private credentials(): CredentialsInput {
    if (this.kind === 'oauth') return { kind: this.kind, accessToken: this.accessToken };
    return { kind: this.kind, apiKey: this.apiKey, apiSecret: this.apiSecret };
  }

  async connect(): Promise<void> {
    this.connectError = null;
    this.candidate = null;
    const raceId = Number(this.raceIdText.trim());
    if (!Number.isInteger(raceId) || raceId <= 0) {
      this.connectError = {
        kind: 'invalid-input',
        message: 'The race id is the number in the race’s RunSignup address (…/Race/12345/…).',
      };
      return;
    }
    const regId = this.callerRegId.trim();
    const regSecret = this.callerSecret.trim();
    if (Boolean(regId) !== Boolean(regSecret)) {
      this.connectError = {
        kind: 'invalid-input',
        message: 'Type both the API caller registration id and its secret, or neither.',
      };
      return;
    }
    this.connecting = true;
    const r = await attempt(async () => {
      const candidate = await this.api.connect({
        credentials: this.credentials(),
        raceId,
        ...(regId ? { callerRegistration: { regId, secret: regSecret } } : {}),
      });
      this.candidate = candidate;
      this.chosenEvents = [...candidate.chosenEventIds];
      this.apiSecret = '';
      this.accessToken = '';
      this.callerSecret = '';
      this.callerRegId = '';
      await this.refresh();
    });
    if (!r.ok) this.connectError = r.failure;
    this.connecting = false;
  }

  /** Runs an action; when main says results are unsent, asks first. */
  private async guarded(
    action: (confirmUnsent: boolean) => Promise<unknown>,
    done: string,
    at: Place,
  ): Promise<void> {
    const run = async (confirmUnsent: boolean): Promise<void> => {
      const r = await attempt(async () => {
        await action(confirmUnsent);
        this.pendingConfirm = null;
        this.message = { ok: true, text: done, at };
        this.candidate = null;
        await this.refresh();
      });
      if (r.ok) return;
      const f = r.failure;
      if ((f.kind === 'unsent-results' || f.kind === 'needs-confirmation') && !confirmUnsent) {
        this.pendingConfirm = { text: f.message, run: () => run(true), at };
      } else {
        this.fail(f.message, at);
      }
    };
    await run(false);
  }

  async useRace(): Promise<void> {
    const candidate = this.candidate;
    if (!candidate) return;
    await this.guarded(
      (confirmUnsent) =>
        this.api.selectRace({
          raceId: candidate.raceId,
          eventIds: sameEvents(this.chosenEvents, candidate.defaultEventIds)
            ? []
            : this.chosenEvents,
          confirmUnsent,
        }),
      `Connected to ${candidate.name}.`,
      'connect',
    );
  }

  setPractice(on: boolean): Promise<void> {
    return this.guarded(
      (confirmUnsent) => this.api.setPractice({ on, confirmUnsent }),
      on ? 'Practice race started.' : 'Back to the real race.',
      'race',
    );
  }

  forget(): Promise<void> {
    return this.guarded(
      (confirmUnsent) => this.api.clearCredentials({ confirmUnsent }),
      'Credentials removed.',
      'connect',
    );
  }

  async setOutage(on: boolean): Promise<void> {
    const r = await attempt(() => this.api.setOutage(on));
    if (!r.ok) this.fail(r.failure.message, 'race');
  }

  /** Ticks or unticks an event in use; the default choice is stored as "none" (it moves with the days). */
  async toggleEvent(eventId: number, on: boolean): Promise<void> {
    const { settings, race } = this;
    if (!settings || !race) return;
    const all = race.events.map((e) => e.eventId);
    // Practice and the real race share the setting: ids of the other race are kept as they are.
    const other = settings.eventIds.filter((id) => !all.includes(id));
    const current = race.chosenEventIds;
    const without = current.filter((id) => id !== eventId);
    const next = on ? [...without, eventId] : without;
    if (next.length === 0) return this.fail('Keep at least one event in use.', 'race');
    const r = await attempt(async () => {
      // Only the settings: a device name being typed meanwhile is not put back.
      this.settings = await this.api.updateSettings({
        eventIds: sameEvents(next, race.defaultEventIds) ? other : [...other, ...next],
      });
      this.race = await this.api.getRace();
    });
    if (!r.ok) this.fail(r.failure.message, 'race');
  }
}
