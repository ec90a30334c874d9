import { afterAll, onTestFinished } from 'vitest';

/** Clean-ups asked for outside a test (in beforeAll or a describe body). */
const afterTheFile: Array<() => unknown> = [];
try {
  afterAll(async () => {
    for (const cleanUp of afterTheFile.splice(0).reverse()) await cleanUp();
  });
} catch {
  // Not in a vitest run (the benchmarks use the e2e harness too): at the process's exit, where
  // only what is synchronous (removing temp folders) still runs.
  process.once('exit', () => {
    for (const cleanUp of afterTheFile.splice(0).reverse()) void cleanUp();
  });
}

/**
 * Runs `cleanUp` when the current test ends; asked for outside a test (in beforeAll or a
 * describe body), after the file's tests. Latest first, so what was made last goes first (a
 * kiosk stops before its data folder is removed).
 */
export function afterThis(cleanUp: () => unknown): void {
  try {
    onTestFinished(async () => {
      await cleanUp();
    });
  } catch {
    // "onTestFinished() can only be called inside a test": the file's clean-up takes it.
    afterTheFile.push(cleanUp);
  }
}
