import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The npm scripts' helpers in resources/ are plain CommonJS (check-node.cjs must run on old Node).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // The api reaches components through context (docs/ARCHITECTURE.md "The renderer").
    files: ['renderer/**/*'],
    ignores: ['renderer/src/main.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'window',
          property: 'api',
          message:
            'Only main.ts reads window.api; take the api with useApi() (lib/api-context.ts).',
        },
      ],
    },
  },
  {
    // Only the shell may import electron (docs/ARCHITECTURE.md "Processes").
    files: ['main/**/*.ts', 'renderer/**/*', 'preload/api.ts'],
    ignores: ['main/index.ts', 'main/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only the shell (main/index.ts, main/shell/) imports electron.',
            },
          ],
        },
      ],
    },
  },
);
