/**
 * No import cycles in lib/: every lib/**\/*.ts is parsed (TypeScript's own
 * parser, so multi-line and `export … from` statements count) and the graph of
 * its relative imports must be acyclic; a failure names the cycle's path.
 *
 * Type-only imports are left out (`import type`, `export type … from`, and
 * imports whose every binding is marked `type`): tsc erases them, so they add
 * no require() to the emitted JavaScript and cannot make a module run before
 * a module it needs has finished loading. Types naturally refer both ways
 * (operations take a DynamicArray; DynamicArray's declared methods return one).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { makeTempDir, removeTempDir } from './helpers/tmp';

type Graph = Map<string, string[]>;

/** The relative module specifiers of a file's value imports and re-exports. */
function valueImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  for (const st of source.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      const bindings = clause?.namedBindings;
      const everyBindingType = !!clause && !clause.name && !!bindings && ts.isNamedImports(bindings)
        && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      if (!clause?.isTypeOnly && !everyBindingType) spec = st.moduleSpecifier;
    } else if (ts.isExportDeclaration(st)) {
      const clause = st.exportClause;
      const everyBindingType = !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
      if (!st.isTypeOnly && !everyBindingType) spec = st.moduleSpecifier;
    } else if (ts.isImportEqualsDeclaration(st) && !st.isTypeOnly && ts.isExternalModuleReference(st.moduleReference)) {
      spec = st.moduleReference.expression;
    }
    if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) out.push(spec.text);
  }
  return out;
}

function tsFilesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Resolves './x' as x.ts or x/index.ts; null for anything outside the scanned files. */
function resolve(from: string, spec: string, files: Set<string>): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) if (files.has(candidate)) return candidate;
  return null;
}

function importGraph(dir: string): Graph {
  const files = tsFilesBelow(dir);
  const known = new Set(files);
  const graph: Graph = new Map();
  for (const f of files) {
    const targets = valueImports(f, fs.readFileSync(f, 'utf8')).map((s) => resolve(f, s, known)).filter((t): t is string => t !== null);
    graph.set(f, [...new Set(targets)]);
  }
  return graph;
}

/** One cycle per back edge of a depth-first search (so at least one per tangle), each a path ending where it starts. */
function findCycles(graph: Graph): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

function describeCycles(dir: string, cycles: string[][]): string[] {
  return cycles.map((c) => c.map((f) => path.relative(dir, f).split(path.sep).join('/')).join(' → '));
}

const LIB = path.resolve(__dirname, '..', 'lib');

test('lib/ has no import cycle', () => {
  const graph = importGraph(LIB);
  expect(graph.size).toBeGreaterThan(40);
  expect(describeCycles(LIB, findCycles(graph))).toEqual([]);
});

describe('the cycle check itself', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('cycles');
    const write = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    // a → sub/index → b → a (multi-line import, re-export, default import)
    write('a.ts', "import {\n  x,\n  y,\n} from './sub';\nexport const a = x + y;\n");
    write('sub/index.ts', "export { b as x, b as y } from '../b';\n");
    write('b.ts', "import a from './a';\nexport const b = 1;\n");
    // Type-only both ways: not a cycle.
    write('t1.ts', "import type { T2 } from './t2';\nexport type T1 = T2 | 1;\n");
    write('t2.ts', "import { type T1 } from './t1';\nexport type { T1 };\nexport type T2 = 2;\nexport type { T1 as T3 } from './t1';\n");
  });
  afterAll(() => removeTempDir(dir));

  test('reports a value cycle through re-exports and index files, ignores type-only ones', () => {
    expect(describeCycles(dir, findCycles(importGraph(dir)))).toEqual(['a.ts → sub/index.ts → b.ts → a.ts']);
  });
});
