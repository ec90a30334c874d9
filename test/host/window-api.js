// The web host's stand-in for the preload: window.api over a WebSocket guarded by a token.
// The host puts the contract (method names, event names, failure prefix) in `contract`
// just before this file when it serves it.
/* global contract */
(() => {
  const METHODS = contract.methods;
  const EVENTS = contract.events;
  const FAILURE_PREFIX = contract.failurePrefix;
  const token = new URLSearchParams(location.search).get('token') || '';
  const pending = new Map();
  const listeners = new Map(EVENTS.map((e) => [e, new Set()]));
  let socket = null;
  let ready = null;
  let nextId = 1;

  const failure = (kind, message) => new Error(FAILURE_PREFIX + JSON.stringify({ kind, message }));

  function connect() {
    ready = new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(failure('transient', 'Cannot reach the kiosk service.'));
      ws.onclose = () => {
        socket = null;
        for (const [, p] of pending)
          p.reject(failure('transient', 'The kiosk service connection closed.'));
        pending.clear();
        setTimeout(connect, 1000);
      };
      ws.onmessage = (msg) => {
        const data = JSON.parse(msg.data);
        if (data.event) {
          for (const l of listeners.get(data.event) || []) l(data.payload);
          return;
        }
        const p = pending.get(data.id);
        if (!p) return;
        pending.delete(data.id);
        if (data.envelope.ok) p.resolve(data.envelope.value);
        else p.reject(new Error(FAILURE_PREFIX + JSON.stringify(data.envelope.error)));
      };
    });
    ready.catch(() => {});
  }

  async function request(method, args) {
    const ws = socket || (await ready);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, args }));
    });
  }

  const api = {};
  for (const m of METHODS) api[m] = (...args) => request(m, args);
  api.on = (event, listener) => {
    const set = listeners.get(event);
    if (!set) throw new Error(`Unknown event "${event}"`);
    set.add(listener);
    return () => set.delete(listener);
  };
  connect();
  window.api = Object.freeze(api);
})();
