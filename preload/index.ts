import { contextBridge, ipcRenderer } from 'electron';
import type { Api, ApiEvents, ApiRequests, Envelope, EventName } from './api';
import { EVENT_NAMES, REQUEST_METHODS, eventChannel, requestChannel } from './api';
import { unwrap } from './failure';

// Sandboxed preload: exposes exactly the typed Api on window.api and nothing else.
const requests = Object.fromEntries(
  REQUEST_METHODS.map((method) => [
    method,
    async (...args: unknown[]) =>
      unwrap((await ipcRenderer.invoke(requestChannel(method), ...args)) as Envelope<unknown>),
  ]),
) as unknown as ApiRequests;

const events = new Set<string>(EVENT_NAMES);

const api = {
  ...requests,
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
    if (!events.has(event)) throw new Error(`Unknown event "${String(event)}"`);
    const channel = eventChannel(event);
    const handler = (_e: unknown, payload: ApiEvents[E]) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
} satisfies Api;

contextBridge.exposeInMainWorld('api', api);
