/** Every action the server records in the audit log has words in the web app's "What" filter and labels. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../../src');
const WEB = path.resolve(import.meta.dirname, '../../../web/src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('audit log labels', () => {
  it('name every event type of the catalogue and every audit action override', () => {
    const actions = new Set<string>();
    for (const file of files(SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      if (file.endsWith('.events.ts')) for (const m of text.matchAll(/^\s+'([a-z_]+\.[a-z_]+)':/gm)) actions.add(m[1]!);
      for (const m of text.matchAll(/audit: \{ action: '([a-z_]+\.[a-z_]+)' \}/g)) actions.add(m[1]!);
    }
    expect(actions.size).toBeGreaterThan(50);
    const labels = fs.readFileSync(path.join(WEB, 'pages/settings/auditLabels.ts'), 'utf8');
    const english = JSON.parse(fs.readFileSync(path.join(WEB, 'i18n/locales/en/audit.json'), 'utf8')) as { audit: { actions: Record<string, Record<string, string>> } };
    const missing = [...actions].filter((action) => {
      const [type = '', verb = ''] = action.split('.');
      return !labels.includes(`'${action}'`) || english.audit.actions[type]?.[verb] === undefined;
    });
    expect(missing).toEqual([]);
  });
});
