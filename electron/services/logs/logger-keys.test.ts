import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { errorFields, LOG_FIELD_KINDS, LOG_FIELDS } from './logger';

/**
 * Reads every logger call in the kiosk's code (host, Electron shell, renderer through
 * `log.report`, scripts) and checks that each field key it writes is on the allow-list: a key
 * missing from LOG_FIELDS would reach the file as "[unlisted]", and IT would lose that field.
 */
const root = path.resolve(import.meta.dirname, '..', '..', '..');
const SCANNED = ['electron', 'renderer/src', 'scripts', 'core'];
const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

type Site = { where: string; keys: string[] };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'testing' ? [] : sourceFiles(full);
    return /\.tsx?$/u.test(entry.name) && !/\.(test|spec|fixture)\.tsx?$/u.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const isText = (node: ts.Node | undefined): boolean => node !== undefined && (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node));

/** Keys an object literal writes; a spread of errorFields() writes that function's keys. */
function keysOf(node: ts.Expression, file: ts.SourceFile): string[] {
  if (ts.isConditionalExpression(node)) return [...keysOf(node.whenTrue, file), ...keysOf(node.whenFalse, file)];
  if (!ts.isObjectLiteralExpression(node)) return [];
  return node.properties.flatMap((property) => {
    if (ts.isSpreadAssignment(property)) {
      return property.expression.getText(file).startsWith('errorFields(') ? Object.keys(errorFields(new Error('x'))) : [`<spread ${property.expression.getText(file)}>`];
    }
    return property.name !== undefined && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? [property.name.text] : [];
  });
}

/**
 * Three shapes carry log fields: `log.info('event', {…})` on a Logger, the renderer's
 * `log(level, 'event', {…})` helpers, and `{ event, detail: {…} }` objects sent as log.report.
 */
function logSites(file: string): Site[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const sites: Site[] = [];
  const add = (node: ts.Node, fields: ts.Expression | undefined) => {
    if (fields === undefined) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    sites.push({ where: `${path.relative(root, file)}:${line + 1}`, keys: keysOf(fields, source) });
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const [first, second, third] = node.arguments;
      if (ts.isPropertyAccessExpression(callee) && LEVELS.has(callee.name.text) && callee.expression.getText(source) !== 'console' && isText(first)) {
        add(node, second ?? ts.factory.createObjectLiteralExpression());
      } else if (ts.isIdentifier(callee) && callee.text === 'log' && second !== undefined && third !== undefined) {
        add(node, third);
      }
    }
    if (ts.isObjectLiteralExpression(node)) {
      const named = (name: string) => node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name);
      const detail = named('detail');
      if (named('event') !== undefined && detail !== undefined) add(node, detail.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

describe('the log allow-list', () => {
  const sites = SCANNED.flatMap((dir) => sourceFiles(path.join(root, dir))).flatMap(logSites);

  it('covers every key a logger call in the code writes', () => {
    // A floor, so a scan that silently found nothing cannot pass.
    expect(sites.length).toBeGreaterThan(80);
    const missing = sites.flatMap((site) => site.keys.filter((key) => !Object.hasOwn(LOG_FIELDS, key)).map((key) => `${site.where}: ${key}`));
    expect(missing, 'add each key to LOG_FIELDS (logs/log-fields.ts) with its kind, or rename it to a listed one').toEqual([]);
  });

  it('gives every listed key a known kind and a description, and lists no key that names personal data', () => {
    for (const [key, [kind, says]] of Object.entries(LOG_FIELDS)) {
      expect(Object.keys(LOG_FIELD_KINDS), key).toContain(kind);
      expect(says.length, key).toBeGreaterThan(10);
    }
    const personal = /^(nik|kk|nokk|name|nama|fullname|phone|telepon|hp|bpjs|birth|tanggallahir|address|alamat|answers?|token|secret|pin|password)$/iu;
    expect(Object.keys(LOG_FIELDS).filter((key) => personal.test(key))).toEqual([]);
  });
});
