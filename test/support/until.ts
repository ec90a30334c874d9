/**
 * Polls `get` every 25 ms until `ok` holds, and returns that value; throws, naming `what`, after
 * `timeoutMs`. For tests that wait on a kiosk's asynchronous work (roster loads, sends).
 */
export async function until<T>(
  get: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
