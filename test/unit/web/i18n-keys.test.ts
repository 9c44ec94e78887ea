/**
 * Every interface string exists in every language: a key used in web/src but missing from a
 * language file, a language file missing a key English has, or a message that is not valid
 * ICU (or names other arguments than English) fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { LANGUAGES } from '../../../web/src/i18n/locale.ts';

const WEB = path.resolve(import.meta.dirname, '../../../web/src');
const LOCALES = path.join(WEB, 'i18n/locales');

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(name, value);
    else for (const [k, v] of flatten(value, name)) out.set(k, v);
  }
  return out;
}

function load(language: string): { files: string[]; messages: Map<string, string> } {
  const dir = path.join(LOCALES, language);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const messages = new Map<string, string>();
  for (const file of files) {
    const tree = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Tree;
    // Areas are merged shallowly at runtime: a file may only hold its own area.
    expect(Object.keys(tree), `${language}/${file}`).toEqual([path.basename(file, '.json')]);
    for (const [k, v] of flatten(tree)) messages.set(k, v);
  }
  return { files, messages };
}

function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const element of elements as { type: number; value?: string; options?: Record<string, { value: unknown[] }>; children?: unknown[] }[]) {
      if (element.type !== 0 && element.type !== 7 && typeof element.value === 'string') names.add(element.value);
      if (element.options) for (const option of Object.values(element.options)) walk(option.value);
      if (element.children) walk(element.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...names].sort();
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sourceFiles(full);
    return /\.(tsx?|ts)$/.test(entry.name) ? [full] : [];
  });
}

const english = load('en');

describe('interface translations', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every key English has, and no other', (language) => {
    const other = load(language);
    expect(other.files).toEqual(english.files);
    const missing = [...english.messages.keys()].filter((k) => !other.messages.has(k));
    const extra = [...other.messages.keys()].filter((k) => !english.messages.has(k));
    expect(missing, `missing in ${language}`).toEqual([]);
    expect(extra, `only in ${language}`).toEqual([]);
  });

  it.each([...LANGUAGES])('%s messages are valid ICU with the same arguments as English', (language) => {
    const { messages } = load(language);
    const problems: string[] = [];
    for (const [key, message] of messages) {
      try {
        const args = argumentsOf(message, language);
        const expected = argumentsOf(english.messages.get(key) ?? '', 'en');
        if (JSON.stringify(args) !== JSON.stringify(expected)) problems.push(`${key}: ${args.join(',')} ≠ ${expected.join(',')}`);
      } catch (error) {
        problems.push(`${key}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every key the interface uses exists', () => {
    const used = new Map<string, string>();
    const prefixes = new Map<string, string>();
    for (const file of sourceFiles(WEB)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:t|i18next\.t)\(\s*['"]([A-Za-z0-9_.-]+)['"]/g)) used.set(m[1]!, path.relative(WEB, file));
      for (const m of text.matchAll(/i18nKey=['"]([A-Za-z0-9_.-]+)['"]/g)) used.set(m[1]!, path.relative(WEB, file));
      for (const m of text.matchAll(/\bt\(\s*`([A-Za-z0-9_.-]+)\.\$\{/g)) prefixes.set(m[1]!, path.relative(WEB, file));
    }
    expect(used.size).toBeGreaterThan(10);
    const undefinedKeys = [...used].filter(([key]) => !english.messages.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(undefinedKeys).toEqual([]);
    const emptyPrefixes = [...prefixes].filter(([prefix]) => ![...english.messages.keys()].some((k) => k.startsWith(`${prefix}.`))).map(([p, file]) => `${p}.* (${file})`);
    expect(emptyPrefixes).toEqual([]);
  });
});
