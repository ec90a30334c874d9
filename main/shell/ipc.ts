import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { Envelope, Unsubscribe } from '../../preload/api';
import { REQUEST_METHODS, eventChannel, requestChannel } from '../../preload/api';
import type { Dispatch } from '../api/dispatch';
import type { EventListener } from '../api/events';
import { sameOrigin } from '../renderer-files';

export interface IpcBinding {
  dispatch: Dispatch;
  subscribe(listener: EventListener): Unsubscribe;
  /** The app's own page: the only sender whose requests are served. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  /** Where events go. */
  targets(): WebContents[];
}

const refused: Envelope<never> = {
  ok: false,
  error: {
    kind: 'invalid-input',
    message: 'Refused: the request did not come from the kiosk window.',
  },
};

/** Binds every Api method to a handler and forwards main→renderer events. Returns the unbinder. */
export function bindIpc(binding: IpcBinding): () => void {
  for (const method of REQUEST_METHODS) {
    ipcMain.handle(requestChannel(method), (event, ...args: unknown[]) =>
      binding.isTrustedSender(event) ? binding.dispatch(method, args) : refused,
    );
  }
  const unsubscribe = binding.subscribe((event, payload) => {
    for (const contents of binding.targets()) {
      if (!contents.isDestroyed()) contents.send(eventChannel(event), payload);
    }
  });
  return () => {
    for (const method of REQUEST_METHODS) ipcMain.removeHandler(requestChannel(method));
    unsubscribe();
  };
}

/**
 * True when the request came from `contents`' top frame showing a page on exactly the origin of
 * `allowedUrl` (app://renderer, or the dev server's): scheme and host compared whole.
 */
export function isFromPage(
  event: IpcMainInvokeEvent,
  contents: WebContents | null,
  allowedUrl: string,
): boolean {
  if (!contents || event.sender !== contents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return sameOrigin(frame.url, allowedUrl);
}
