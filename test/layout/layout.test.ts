import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';

// The layout's promises, checked on the source itself: no import circles (type-only imports count, a
// circle of types still ties modules together), db/ below server/, short files, and every operation
// name of the schema findable as text where it is defined.

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'migrations' ? [] : sourceFiles(relative);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

const specifier = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?(?:from\s*)?['"](\.{1,2}(?:\/[^'"]*)?)['"]|\bimport\(\s*['"](\.{1,2}(?:\/[^'"]*)?)['"]\s*\)/g;

/** An import specifier as a file: admin/ imports without extensions (Vite), server/ with them. */
function resolve(target: string): string {
  const candidates = [target, `${target}.ts`, `${target}.tsx`, path.join(target, 'index.ts'), path.join(target, 'index.tsx')];
  return candidates.find((candidate) => existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile()) ?? target;
}

/** Each file's relative imports, resolved to repository paths. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const targets = [...text.matchAll(specifier)].map((match) => resolve(path.normalize(path.join(path.dirname(file), match[1] ?? match[2]!))));
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components of more than one file (or a file importing itself): the circles. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)!.includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the layout', () => {
  const files = ['server', 'db', 'scripts', 'admin/src'].flatMap(sourceFiles);
  const graph = importGraph(files);

  it('has no import circles in server/, db/, scripts/ or admin/src/', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(circles(graph)).toEqual([]);
  });

  it('keeps db/ below server/: nothing in db/ imports server/, scripts/ or admin/', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      file.startsWith('db/') ? targets.filter((target) => !target.startsWith('db/')).map((target) => `${file} → ${target}`) : [],
    );
    expect(upward).toEqual([]);
  });

  it('keeps the catalog rules free of GraphQL: nothing in server/catalog/ imports Pothos or server/graphql/', () => {
    const catalog = files.filter((file) => file.startsWith('server/catalog/'));
    expect(catalog.length).toBeGreaterThan(5);
    const offenders = catalog.filter((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      return /from ['"]@pothos\//.test(text) || (graph.get(file) ?? []).some((target) => target.startsWith('server/graphql/'));
    });
    expect(offenders).toEqual([]);
  });

  it('has no file in server/ over 400 lines', () => {
    const long = files
      .filter((file) => file.startsWith('server/'))
      .map((file) => ({ file, lines: readFileSync(path.join(root, file), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 400);
    expect(long).toEqual([]);
  });

  it('names every query and mutation of schema.graphql as text under server/graphql/', () => {
    const schema = buildSchema(readFileSync(path.join(root, 'schema.graphql'), 'utf8'));
    const names = [
      ...Object.keys(schema.getQueryType()!.getFields()),
      ...Object.keys(schema.getMutationType()!.getFields()),
      ...Object.keys(schema.getSubscriptionType()?.getFields() ?? {}),
    ];
    expect(names.length).toBeGreaterThan(40);
    const graphqlText = sourceFiles('server/graphql')
      .map((file) => readFileSync(path.join(root, file), 'utf8'))
      .join('\n');
    // Defined as a field name: `name: t.…`, `name: claimConnection(…`, or builder.…Field('name', …).
    // node and nodes are the relay plugin's, configured as nodeQueryOptions and nodesQueryOptions.
    const relay = (name: string) => ['node', 'nodes'].includes(name) && new RegExp(`${name}QueryOptions:`).test(graphqlText);
    const missing = names.filter((name) => !relay(name) && !new RegExp(`(^|[\\s{,])${name}\\s*:|Field\\(\\s*['"]${name}['"]`, 'm').test(graphqlText));
    expect(missing).toEqual([]);
  });
});

// A guard against the checks above passing on an empty tree.
it('reads real files', () => {
  expect(statSync(path.join(root, 'server/main.ts')).isFile()).toBe(true);
});
