// @ts-check
// The layers of DESIGN.md §2, enforced: each zone says which folder may not import which, and why.
// Models: VS Code's code-layering rule and Bitwarden's import zones (see ../shared/STYLE.md).
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'url', 'util', 'worker_threads', 'module'];
const CORE_MESSAGE = 'core/ is pure domain code shared by the renderer, the host and the central API: it may not depend on a runtime, a UI library or storage.';

/**
 * Which top-level folders each layer may not reach with a relative import, and why. Matched on the
 * import text (`../../electron/…`), which is how this codebase imports across folders.
 * @param {string[]} folders
 */
const reaching = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const RENDERER_MESSAGE = 'The renderer reaches the host only through the bridge contract in core/contract: it runs in a browser, sandboxed.';
const HOST_MESSAGE = 'Host services and shells talk to the renderer only through core/contract, and to the central API only over HTTP.';
const CENTRAL_MESSAGE = 'The central API shares only core/contract with the kiosk: it is deployed on its own.';

/**
 * One `no-restricted-imports` per layer: flat config replaces a rule's options per block, so
 * packages, built-ins and folders of a layer are listed together.
 * @param {{ packages?: string[], builtins?: boolean, folders?: { regex: string, message: string }[], message: string }} layer
 */
function layerRule(layer) {
  return [
    'error',
    {
      paths: (layer.packages ?? []).map((name) => ({ name, message: layer.message })),
      patterns: [
        ...(layer.builtins === true ? [{ group: NODE_BUILTINS, message: layer.message }] : []),
        ...(layer.packages ?? []).map((name) => ({ group: [`${name}/*`], message: layer.message })),
        ...(layer.folders ?? []).map((f) => ({ regex: f.regex, message: f.message })),
      ],
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/fixtures/lint/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './renderer/tsconfig.json', './core/tsconfig.json', './tests/e2e/tsconfig.json', './tests/bench/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
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
      'no-restricted-imports': layerRule({
        packages: ['electron', 'react', 'react-dom', 'dexie', 'node-hid', 'ws', 'pino'],
        builtins: true,
        folders: [{ regex: reaching(['electron', 'renderer', 'central-api', 'scripts', 'tests', 'kiosk-config']), message: CORE_MESSAGE }],
        message: CORE_MESSAGE,
      }),
      'no-restricted-globals': ['error', ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'process', 'Buffer', 'require'].map((name) => ({ name, message: CORE_MESSAGE }))],
    },
  },
  {
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': layerRule({
        packages: ['electron', 'node-hid', 'ws', 'pino'],
        builtins: true,
        folders: [{ regex: reaching(['electron', 'central-api', 'scripts', 'tests']), message: RENDERER_MESSAGE }],
        message: RENDERER_MESSAGE,
      }),
    },
  },
  {
    files: ['electron/**'],
    rules: {
      'no-restricted-imports': layerRule({ folders: [{ regex: reaching(['renderer', 'central-api']), message: HOST_MESSAGE }], message: HOST_MESSAGE }),
    },
  },
  {
    files: ['central-api/**'],
    rules: {
      'no-restricted-imports': layerRule({
        folders: [
          { regex: reaching(['electron', 'renderer', 'scripts', 'tests', 'kiosk-config']), message: CENTRAL_MESSAGE },
          { regex: '^(\\.\\./)+core/(?!contract/)', message: 'The central API imports only core/contract from core.' },
        ],
        message: CENTRAL_MESSAGE,
      }),
    },
  },
  {
    // Asymmetric matchers (expect.objectContaining) are typed `any` by design.
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
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
