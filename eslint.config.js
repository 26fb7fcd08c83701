// Lint rules plus the import boundaries of docs/architecture.md, checked by resolved path
// (import-x's no-restricted-paths), so no spelling of a relative import escapes them:
// web → modules (through each module's index.ts) → storage (through storage/index.ts);
// modules know nothing of web, cli, jobs, app or server; only storage/dialects import a driver.
import fs from 'node:fs';
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const MODULES = fs.readdirSync('src/modules', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const OUTSIDE_MODULES = ['./src/web', './src/cli', './src/jobs', './src/app.tsx', './src/server.ts'];
const zones = [
  // Storage is the bottom layer. It may take one thing from modules: their vocabulary
  // (modules/*/domain.ts, which import nothing), to type the columns that hold it.
  { target: './src/storage', from: './src/modules', except: MODULES.map((m) => `./${m}/domain.ts`), message: 'Storage knows nothing of the layers above it (but modules/*/domain.ts).' },
  ...OUTSIDE_MODULES.map((from) => ({ target: './src/storage', from, message: 'Storage knows nothing of the layers above it.' })),
  // A module's vocabulary imports nothing, so storage can stand on it.
  ...MODULES.map((m) => ({ target: `./src/modules/${m}/domain.ts`, from: './src', message: 'domain.ts holds values and types only, and imports nothing.' })),
  // Modules are the domain: no HTTP, HTML, CLI or jobs.
  ...OUTSIDE_MODULES.map((from) => ({ target: './src/modules', from, message: 'Modules never import the web layer, the CLI, jobs, app or server.' })),
  // Jobs and the CLI call modules, never routes.
  ...['./src/cli', './src/jobs'].map((target) => ({ target, from: './src/web', message: 'Jobs and the CLI call modules, never routes.' })),
  { target: './src/web', from: ['./src/cli', './src/jobs', './src/server.ts'], message: 'The web layer does not reach into the CLI, jobs or the server entry.' },
  // Everything above storage goes through storage/index.ts.
  { target: ['./src/modules', ...OUTSIDE_MODULES], from: './src/storage', except: ['./index.ts'], message: 'Import storage through src/storage/index.ts.' },
  // A module's public surface is its index.ts: for other modules and for everything above.
  ...MODULES.flatMap((name) => [
    // text/embeds.ts imports nothing, so the desk's browser code may take it alone (the index would bundle sanitize-html).
    { target: [...OUTSIDE_MODULES, ...MODULES.filter((m) => m !== name).map((m) => `./src/modules/${m}`)], from: `./src/modules/${name}`, except: name === 'text' ? ['./index.ts', './embeds.ts'] : ['./index.ts'], message: `Use the ${name} module through its index.ts.` },
  ]),
];

const DRIVERS = ['better-sqlite3', 'pg'];
const driverRule = { paths: DRIVERS.map((name) => ({ name, message: 'Only src/storage/dialects may import a database driver.' })) };

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'test-results/**', 'bench/.work/**', 'scratch/**'] },
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
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', window: 'readonly', EventSource: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly', TextEncoder: 'readonly', XMLHttpRequest: 'readonly', FormData: 'readonly' } },
  },
  {
    files: ['src/**'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
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
          patterns: [{ group: ['@fastify/*', 'preact-render-to-string'], message: 'Modules never import the web layer.' }],
        },
      ],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/modules/**', 'src/storage/dialects/**'],
    rules: { 'no-restricted-imports': ['error', driverRule] },
  },
);
