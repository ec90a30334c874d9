import type { Api } from '../../../preload/api';

/** The one way the renderer reaches main (exposed by the preload, or by the web host's shim). */
export const api: Api = window.api;
