import type { ApiRequests, PublicSettings, RaceSummary, SettingsPatch } from '../../preload/api';
import { AppError } from '../app-error';
import { raceSummary } from '../roster/event-summary';
import { baseUrlProblem, credentialOrigin } from '../runsignup/base-url';
import { secretValues } from '../runsignup/credentials';
import type { AppContext } from './context';
import type { RuntimeSwitch } from './runtime';
import type { StatusView } from './status';

type Args<M extends keyof ApiRequests> = Parameters<ApiRequests[M]>[0];

/**
 * Which race runs, with which credentials, and the settings that go with it (Settings'
 * race connection card). Every change here is refused while Settings are locked, and a
 * change that would leave unsent results behind asks first.
 */
export class RaceSetup {
  /** Races RunSignup confirmed through `connect`, by id (their names label the kiosk). */
  private readonly confirmedRaces = new Map<number, RaceSummary>();

  constructor(
    private readonly ctx: AppContext,
    private readonly runtimes: RuntimeSwitch,
    private readonly view: StatusView,
  ) {}

  private guardUnsent(confirmUnsent: boolean): void {
    const n = this.runtimes.unsent();
    if (n > 0 && !confirmUnsent) {
      throw new AppError(
        'unsent-results',
        `${n} result${n === 1 ? ' has' : 's have'} not been sent to RunSignup yet. They stay saved on this computer and are sent when you come back to this race.`,
      );
    }
  }

  async updateSettings(patch: SettingsPatch): Promise<PublicSettings> {
    const { deps, lock, logger } = this.ctx;
    lock.assertUnlocked();
    const before = deps.settings.get();
    const hostChanged =
      patch.baseUrl !== undefined &&
      credentialOrigin(patch.baseUrl) !== credentialOrigin(before.baseUrl);
    if (patch.baseUrl !== undefined) {
      const problem = baseUrlProblem(patch.baseUrl, deps.trustedBaseUrls);
      if (problem) throw new AppError('invalid-input', problem);
    }
    const forget = hostChanged && deps.secrets.load() !== null;
    if (forget) {
      // The stored key and secret belong to the old host: they never follow a new one. The
      // race stays, its results counted, its queue paused until credentials are entered.
      deps.secrets.clear();
      logger.info('RunSignup address changed: the stored credentials were forgotten');
    }
    const next = deps.settings.update(patch);
    const practice = this.runtimes.get()?.practice;
    if (forget || (patch.baseUrl !== undefined && patch.baseUrl !== before.baseUrl && !practice))
      await this.runtimes.rebuild();
    const session = this.runtimes.get()?.session;
    if (patch.eventIds !== undefined && session) {
      session.eventsChosen();
      this.runtimes.emitFeedReset();
    }
    if (patch.pollIntervalSec !== undefined) session?.poller.kick();
    this.view.statusChanged();
    return this.view.settings(next);
  }

  async connect({
    credentials,
    raceId,
    callerRegistration: typed,
  }: Args<'connect'>): Promise<RaceSummary> {
    const { deps, lock, logger, clock } = this.ctx;
    lock.assertUnlocked();
    const problem = baseUrlProblem(deps.settings.get().baseUrl, deps.trustedBaseUrls);
    if (problem) throw new AppError('invalid-input', problem);
    // A registration typed here is checked together with the key, and kept only if RunSignup
    // accepts both; without one, the stored (or built-in) registration is checked.
    const caller = typed ?? this.ctx.callerRegistration();
    const client = this.ctx.newClient({
      baseUrl: deps.settings.get().baseUrl,
      credentials: () => credentials,
      callerRegistration: () => caller,
    });
    this.ctx.registry.add(...secretValues(credentials), typed?.secret);
    const race = await client.verify(raceId);
    deps.secrets.save(credentials);
    if (typed) deps.secrets.saveCaller(typed);
    // A race as RunSignup just answered it: before any choice, the default events are chosen.
    const summary = raceSummary(race, race.events, new Map(), null, clock.now());
    this.confirmedRaces.set(raceId, summary);
    logger.info('credentials accepted by RunSignup', { kind: credentials.kind, raceId });
    // The credentials of the race that runs: its queue goes again (another race's wait).
    const rt = this.runtimes.get();
    if (rt && !rt.practice && rt.session?.roster.raceId === raceId) {
      rt.credentialsNotice = null;
      rt.session.results.resume();
    }
    this.view.statusChanged();
    return summary;
  }

  async clearCredentials({ confirmUnsent }: Args<'clearCredentials'>): Promise<PublicSettings> {
    this.ctx.lock.assertUnlocked();
    this.guardUnsent(confirmUnsent);
    this.ctx.deps.secrets.clear();
    this.ctx.deps.settings.update({ practice: true });
    await this.runtimes.rebuild();
    return this.view.settings();
  }

  async selectRace({
    raceId,
    eventIds,
    confirmUnsent,
  }: Args<'selectRace'>): Promise<PublicSettings> {
    const { deps, lock } = this.ctx;
    lock.assertUnlocked();
    const s = deps.settings.get();
    if (!deps.secrets.load())
      throw new AppError('needs-user', 'Enter RunSignup credentials first.');
    const known = this.confirmedRaces.get(raceId);
    if (!known && s.raceId !== raceId)
      throw new AppError('invalid-input', `Connect to race ${raceId} first.`);
    if (s.raceId !== raceId || s.practice) this.guardUnsent(confirmUnsent);
    deps.settings.update({
      raceId,
      raceName: known?.name ?? s.raceName,
      eventIds,
      practice: false,
    });
    await this.runtimes.rebuild();
    return this.view.settings();
  }

  async setPractice({ on, confirmUnsent }: Args<'setPractice'>): Promise<PublicSettings> {
    const { deps, lock } = this.ctx;
    lock.assertUnlocked();
    const s = deps.settings.get();
    if (!on && (!deps.secrets.load() || s.raceId === null)) {
      throw new AppError(
        'needs-user',
        'Connect a RunSignup race in Settings before leaving practice mode.',
      );
    }
    if (on !== (this.runtimes.get()?.practice ?? s.practice)) this.guardUnsent(confirmUnsent);
    deps.settings.update({ practice: on });
    await this.runtimes.rebuild();
    return this.view.settings();
  }
}
