import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from './main/shell/csp';
import { buildDefines } from './main/build-config';

/** Writes the renderer's Content-Security-Policy (main/shell/csp.ts) into index.html. */
function contentSecurityPolicy(): Plugin {
  let policy = CONTENT_SECURITY_POLICY;
  return {
    name: 'kiosk-csp',
    configResolved(config) {
      if (config.command === 'serve') policy = DEV_CONTENT_SECURITY_POLICY;
    },
    transformIndexHtml: (html) => html.replace('%KIOSK_CSP%', policy),
  };
}

// Only `dependencies` (better-sqlite3, a native module, and electron-updater) stay external; everything else,
// electron-store (ESM-only) included, is bundled into main. The preload is sandboxed, so it is
// one self-contained CommonJS file.
export default defineConfig({
  main: {
    // RSU_API_REG / RSU_API_REG_SECRET at build time: the app's API caller registration (README).
    define: buildDefines(process.env),
    build: {
      outDir: 'out/main',
      sourcemap: false,
      rollupOptions: {
        input: { index: resolve('main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      sourcemap: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [svelte(), contentSecurityPolicy()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      minify: true,
      sourcemap: false,
      rollupOptions: {
        input: { index: resolve('renderer/index.html') },
      },
    },
  },
});
