/**
 * The architecture rules of .dependency-cruiser.js hold for src/: every layer imports only the
 * layers below it (cli → server → modules → kernel → db → domain, shared), migrations import
 * no application code, and there is no import cycle — between files, between folders, or
 * between business modules however many files and sub-folders the loop passes through. Type-only
 * imports count. `npm run arch` runs this file; a failure lists every violation, from → to.
 */
import path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

let result: ICruiseResult;

beforeAll(async () => {
  const options = await extractDepcruiseOptions(path.join(ROOT, '.dependency-cruiser.js'));
  const cruised = await cruise(['src'], { ...options, baseDir: ROOT, outputType: 'json' });
  result = typeof cruised.output === 'string' ? (JSON.parse(cruised.output) as ICruiseResult) : cruised.output;
}, 120_000);

/** One line per violation: the rule, from → to, and the loop for a cycle. */
function describeViolations(cruiseResult: ICruiseResult): string[] {
  return cruiseResult.summary.violations.map((v) => {
    const typeOnly = v.dependencyTypes?.includes('type-only') ? ' (type-only)' : '';
    const cycle = v.cycle?.length ? `  [cycle: ${[v.from, ...v.cycle.map((c) => c.name + (c.dependencyTypes.includes('type-only') ? ' (type-only)' : ''))].join(' → ')}]` : '';
    return `${v.rule.name}: ${v.from} → ${v.to}${typeOnly}${cycle}`;
  });
}

/**
 * Cycles between business modules (src/modules/<name>/, sub-folders included), each with one
 * import per step. dependency-cruiser's folder rule sees sub-folders as folders of their own,
 * so a loop invoices → reports/summaries → … → reports → invoices would pass it.
 */
function moduleCycles(cruiseResult: ICruiseResult): string[] {
  const moduleOf = (file: string) => /^src\/modules\/([^/]+)\//.exec(file)?.[1];
  const edges = new Map<string, Map<string, string>>();
  for (const m of cruiseResult.modules) {
    const from = moduleOf(m.source);
    if (from === undefined) continue;
    for (const d of m.dependencies) {
      const to = moduleOf(d.resolved);
      if (to === undefined || to === from) continue;
      const out = edges.get(from) ?? new Map<string, string>();
      if (!out.has(to)) out.set(to, `${m.source} → ${d.resolved}`);
      edges.set(from, out);
    }
  }
  // Tarjan's strongly connected components: every component of two or more modules is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((component) => {
    const steps = component.flatMap((from) =>
      [...(edges.get(from) ?? [])].filter(([to]) => component.includes(to)).map(([to, example]) => `${from} → ${to} (${example})`),
    );
    return `no-circular-modules: ${component.join(', ')}: ${steps.join('; ')}`;
  });
}

describe('architecture', () => {
  it('cruised all of src/, type-only imports included', () => {
    // A cruise that resolved nothing would find nothing wrong: make sure it saw the code.
    const sources = result.modules.map((m) => m.source).filter((s) => s.startsWith('src/'));
    expect(sources).toContain('src/main.ts');
    expect(sources).toContain('src/server/modules.ts');
    expect(sources.length).toBeGreaterThan(200);
    const deps = result.modules.flatMap((m) => m.dependencies);
    expect(deps.some((d) => d.dependencyTypes.includes('type-only'))).toBe(true);
    expect(result.modules.find((m) => m.source === 'src/server/modules.ts')?.dependencies.filter((d) => d.resolved.startsWith('src/modules/')).length).toBeGreaterThan(10);
  });

  it('no layer imports one above it, no migration imports app code, no import cycle', () => {
    const violations = [...describeViolations(result), ...moduleCycles(result)];
    expect(violations, `${violations.length} architecture violation(s):\n  ${violations.join('\n  ')}\n`).toEqual([]);
  });
});
