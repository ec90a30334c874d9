import type { ApiEvents, EventName, Unsubscribe } from '../../preload/api';

export type EventListener = <E extends EventName>(event: E, payload: ApiEvents[E]) => void;

/** Main→renderer events: services emit, transports (IPC, WebSocket) subscribe. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const l of this.listeners) l(event, payload);
  }
}
