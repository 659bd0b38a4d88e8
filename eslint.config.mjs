import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tools/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    // Workflows must be deterministic: no Node built-ins, no I/O libraries, activities as types.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [
              { name, message: 'Workflows are deterministic: no Node built-ins.' },
              { name: `node:${name}`, message: 'Workflows are deterministic: no Node built-ins.' },
            ]),
            ...['undici', 'pg', 'better-sqlite3', 'kysely', 'pino', 'express', 'prom-client'].map(
              (name) => ({ name, message: 'Workflows do no I/O; use an activity.' }),
            ),
            ...['@temporalio/client', '@temporalio/worker', '@temporalio/activity'].map((name) => ({
              name,
              message: 'Workflows import only @temporalio/workflow and @temporalio/common.',
            })),
          ],
          patterns: [
            {
              group: ['../activities', '../activities/*', '../src/store/*', '../src/http/*'],
              allowTypeImports: true,
              message: 'Workflows import activities and stores as types only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read API answers loosely; the assertions are the type check.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
      },
    },
  },
);
