// Lint rules plus the import boundaries of docs/architecture.md:
// web → modules (through each module's index.ts) → storage; only storage/dialects import a driver.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const DRIVERS = ['better-sqlite3', 'pg'];
const driverRule = { paths: DRIVERS.map((name) => ({ name, message: 'Only src/storage/dialects may import a database driver.' })) };
const storageInternals = {
  group: ['**/storage/dialects/*', '**/storage/migrations/*', '**/storage/database.ts', '**/storage/migrator.ts'],
  message: 'Import storage through src/storage/index.ts.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'test-results/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Load generators for npm run bench: plain Node scripts run in their own processes.
    files: ['bench/load/**/*.mjs'],
    languageOptions: { globals: { URLSearchParams: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
  },
  {
    // The progressive-enhancement scripts run in the reader's browser, as plain ES2017.
    files: ['src/web/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', window: 'readonly', EventSource: 'readonly' } },
  },
  {
    files: ['src/modules/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...driverRule.paths,
            { name: 'fastify', message: 'Modules know nothing of HTTP; put this in src/web.' },
            { name: 'preact', message: 'Modules render no HTML; put this in src/web/views.' },
          ],
          patterns: [
            { group: ['**/web/**', '@fastify/*', 'preact-render-to-string'], message: 'Modules never import the web layer.' },
            { regex: '^\\.\\./(\\.\\./)?[^./][^/]*/(?!index\\.ts$)', message: 'Import another module through its index.ts.' },
            storageInternals,
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**', 'src/app.tsx', 'src/server.ts', 'src/cli/**', 'src/jobs/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...driverRule,
          patterns: [
            { group: ['**/modules/*/*', '!**/modules/*/index.ts'], message: "Use the module's public surface (its index.ts)." },
            storageInternals,
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**', 'src/jobs/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...driverRule,
          patterns: [
            { group: ['**/web/**'], message: 'Jobs and the CLI call modules, never routes.' },
            { group: ['**/modules/*/*', '!**/modules/*/index.ts'], message: "Use the module's public surface (its index.ts)." },
            storageInternals,
          ],
        },
      ],
    },
  },
  {
    files: ['src/storage/**'],
    ignores: ['src/storage/dialects/**'],
    rules: { 'no-restricted-imports': ['error', driverRule] },
  },
);
