import { getContext } from 'svelte';
import type { Api } from '../../../preload/api';

const API = Symbol('api');

/**
 * The api reaches the components through Svelte context, set once where the app is mounted
 * (main.ts, with `window.api`: the preload's, or the web host's shim). Components pass it to the
 * state classes' constructors; nothing else reads `window.api`, so a spec gives a state class a
 * plain fake object.
 */
export function apiContext(api: Api): Map<symbol, Api> {
  return new Map([[API, api]]);
}

/** The api, during a component's set-up. */
export function useApi(): Api {
  const api = getContext<Api | undefined>(API);
  if (!api) throw new Error('No api: mount the app with { context: apiContext(window.api) }.');
  return api;
}
