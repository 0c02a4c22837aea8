// @ts-check
// The layers of DESIGN.md §2, enforced: each zone says which folder may not import which, and why.
// Models: VS Code's code-layering rule and Bitwarden's import zones (see ../shared/STYLE.md).
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'url', 'util', 'worker_threads', 'module'];
const CORE_MESSAGE = 'core/ is pure domain code shared by the renderer, the host and the central API: it may not depend on a runtime, a UI library or storage.';

/** @type {import('eslint-plugin-import-x').RuleOptions['no-restricted-paths'] extends [infer O] ? O['zones'] : never} */
const zones = [
  {
    target: './core',
    from: ['./electron', './renderer', './central-api', './scripts', './tests', './kiosk-config'],
    message: CORE_MESSAGE,
  },
  {
    target: './renderer',
    from: ['./electron', './central-api', './scripts', './tests'],
    message: 'The renderer reaches the host only through the bridge contract in core/contract: it runs in a browser, sandboxed.',
  },
  {
    target: './electron',
    from: ['./renderer', './central-api'],
    message: 'Host services and shells talk to the renderer only through core/contract, and to the central API only over HTTP.',
  },
  {
    target: './central-api',
    from: ['./electron', './renderer', './scripts', './tests', './kiosk-config'],
    message: 'The central API shares only core/contract with the kiosk: it is deployed on its own.',
  },
  {
    target: './central-api',
    from: './core',
    except: ['./contract'],
    message: 'The central API imports only core/contract from core.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/fixtures/lint/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './renderer/tsconfig.json', './core/tsconfig.json', './tests/e2e/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      // Bridge handlers are async by contract even when their work is synchronous today.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['core/**'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'react-dom', 'dexie', 'node-hid', 'ws', 'pino'].map((name) => ({ name, message: CORE_MESSAGE })),
          patterns: [
            { group: NODE_BUILTINS, message: CORE_MESSAGE },
            { group: ['react/*', 'react-dom/*', 'dexie/*', 'electron/*'], message: CORE_MESSAGE },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'process', 'Buffer', 'require'].map((name) => ({ name, message: CORE_MESSAGE }))],
    },
  },
  {
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'node-hid', 'ws', 'pino'].map((name) => ({ name, message: 'The renderer runs in a browser: host work goes through the bridge.' })),
          patterns: [{ group: NODE_BUILTINS, message: 'The renderer runs in a browser: host work goes through the bridge.' }],
        },
      ],
    },
  },
  {
    // Command-line entry points print to the terminal on purpose.
    files: ['scripts/**', 'tests/bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
