import type { Api, PersonHit } from '../../../preload/api';
import { attempt } from './attempt';

/** The runners of one event who have not picked up, and their CSV export. */
export class NotPickedUpState {
  /** The event shown, or null while the live feed shows. */
  eventId = $state<number | null>(null);
  runners = $state.raw<PersonHit[]>([]);
  exportMessage = $state<string | null>(null);

  constructor(private readonly api: Pick<Api, 'notPickedUp' | 'exportNotPickedUp'>) {}

  async show(eventId: number): Promise<void> {
    this.eventId = eventId;
    this.exportMessage = null;
    this.runners = await this.api.notPickedUp(eventId);
  }

  close(): void {
    this.eventId = null;
  }

  async export(): Promise<void> {
    const eventId = this.eventId;
    if (eventId === null) return;
    const r = await attempt(() => this.api.exportNotPickedUp(eventId));
    this.exportMessage = r.ok
      ? `Saved ${r.value.rows} runners to ${r.value.path}`
      : r.failure.message;
  }
}
