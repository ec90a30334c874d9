import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Electron binary cannot run here: the preload and shell tests get stand-in `electron` and
// `electron-updater` modules.
const standInElectron = {
  alias: {
    electron: resolve('test/stand-ins/electron.ts'),
    'electron-updater': resolve('test/stand-ins/electron-updater.ts'),
  },
};

// Three layers, each its own project: `npm run test:unit`, `test:integration`, `test:e2e`.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [svelte()],
        resolve: standInElectron,
        test: {
          name: 'unit',
          // Renderer state classes keep their tests beside them (`*.svelte.spec.ts`).
          include: ['test/unit/**/*.test.ts', 'renderer/src/**/*.spec.ts'],
          testTimeout: 20_000,
          environment: 'node',
        },
      },
      {
        // test/integration/shell boots the shell (main/index.ts) on the stand-ins.
        resolve: standInElectron,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/packaging/**/*.test.ts'],
          // electron-store imports electron itself: run it through Vite so it gets the stand-in too.
          server: { deps: { inline: ['electron-store'] } },
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // `npm run test:electron` only (real Electron; not part of `npm test`).
        test: {
          name: 'electron',
          include: ['test/electron/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
