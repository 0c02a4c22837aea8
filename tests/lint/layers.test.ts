import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * Proves the layer rules of eslint.config.js fire: each case lints source text as if it lived at
 * a path in the repo. Type-aware rules are switched off here because the probe files do not exist
 * on disk; the layer rules need only the import graph.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function ruleIdsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it('accepts a pure core module', async () => {
    expect(await ruleIdsFor('core/flow/probe.ts', "import { z } from 'zod';\nexport const X = z.string();\n")).toEqual([]);
  });

  it('refuses a Node built-in in core', async () => {
    expect(await ruleIdsFor('core/flow/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain('no-restricted-imports');
  });

  it('refuses react, dexie, electron and node-hid in core', async () => {
    for (const name of ['react', 'dexie', 'electron', 'node-hid']) {
      expect(await ruleIdsFor('core/id/probe.ts', `import x from '${name}';\nexport const y = x;\n`)).toContain('no-restricted-imports');
    }
  });

  it('refuses DOM globals in core', async () => {
    expect(await ruleIdsFor('core/flow/probe.ts', 'export const title = () => document.title;\n')).toContain('no-restricted-globals');
  });

  it('refuses core importing the host', async () => {
    expect(await ruleIdsFor('core/flow/probe.ts', "import { createHost } from '../../electron/services/host';\nexport const h = createHost;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('refuses the renderer importing host code, and the host importing the renderer', async () => {
    expect(await ruleIdsFor('renderer/src/probe.ts', "import { createHost } from '../../electron/services/host';\nexport const h = createHost;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIdsFor('electron/services/probe.ts', "import { App } from '../../renderer/src/app/App';\nexport const a = App;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('lets the central API import core/contract and nothing else from core', async () => {
    expect(await ruleIdsFor('central-api/probe.ts', "import { ok } from '../core/contract/result';\nexport const o = ok;\n")).toEqual([]);
    expect(await ruleIdsFor('central-api/probe.ts', "import { Locale } from '../core/config/locale';\nexport const l = Locale;\n")).toContain(
      'no-restricted-imports',
    );
  });
});
