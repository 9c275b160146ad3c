/**
 * The native graph executor against NumPy: hand-built job specs (lib/job/job-spec.ts)
 * over 'memory' sources, run with tiny region shapes so many regions (and
 * partial boxes) are evaluated; the same specs are interpreted by
 * test/oracle/graph_oracle.py with NumPy and every value is compared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { native } from '../lib/job/native';
import type { NodeSpec, SinkSpec } from '../lib/job/job-spec';
import { DTypeName, ITEM_SIZE, firstMismatch, seededRandom, typedFromBytes } from './helpers/compare';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

type Kind = 'any' | 'safe' | 'pos';
interface Src { dtype: DTypeName; shape: number[]; data: Uint8Array }
interface Case {
  name: string;
  sources: Src[];
  nodes: NodeSpec[];
  root: number;
  regionShape: number[];
  sink: SinkSpec;
  tol?: boolean;  // float sums: accumulation order differs from NumPy's pairwise sum
}

const FLOATS: DTypeName[] = ['float16', 'float32', 'float64', 'complex64', 'complex128'];
const INTS: DTypeName[] = ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'];
const rnd = seededRandom(1234);

function f16Bits(x: number): number {
  // Exact for the small dyadic values generated below.
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  if (x === 0) return sign;
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 0x7e00 : sign | 0x7c00;
  return sign | (exp << 10) | ((u >>> 13) & 0x3ff);
}

/** Random values: 'any' includes wrap-prone ints and NaN/±inf/-0/halfway floats; 'safe' keeps floats in [-100, 100]; 'pos' non-negative. */
function randomData(dtype: DTypeName, n: number, kind: Kind = 'any'): Uint8Array {
  const out = new Uint8Array(n * ITEM_SIZE[dtype]);
  const dv = new DataView(out.buffer);
  const real = (): number => {
    const specials = [NaN, Infinity, -Infinity, -0, 0.5, 1.5, 2.5, -2.5, 0.125, 1e-3];
    let v = kind !== 'safe' && rnd() < 0.1 ? specials[Math.floor(rnd() * specials.length)] : Math.round((rnd() * 200 - 100) * 64) / 64;
    if (kind === 'pos' && !Number.isNaN(v)) v = Math.abs(v);
    return v;
  };
  for (let i = 0; i < n; i++) {
    const at = i * ITEM_SIZE[dtype];
    switch (dtype) {
      case 'bool': dv.setUint8(at, rnd() < 0.5 ? 1 : 0); break;
      case 'float16': dv.setUint16(at, f16Bits(real()), true); break;
      case 'float32': dv.setFloat32(at, real(), true); break;
      case 'float64': dv.setFloat64(at, real(), true); break;
      case 'complex64': dv.setFloat32(at, real(), true); dv.setFloat32(at + 4, real(), true); break;
      case 'complex128': dv.setFloat64(at, real(), true); dv.setFloat64(at + 8, real(), true); break;
      default: {
        const bytes = ITEM_SIZE[dtype];
        for (let b = 0; b < bytes; b++) out[at + b] = Math.floor(rnd() * 256);
        if (kind === 'safe' || kind === 'pos') {
          for (let b = 1; b < bytes; b++) out[at + b] = 0;
          out[at] &= 0x3f;  // small non-negative
        }
      }
    }
  }
  return out;
}

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const src = (dtype: DTypeName, shape: number[], kind: Kind = 'any'): Src => ({ dtype, shape, data: randomData(dtype, size(shape), kind) });
const source = (i: number, s: Src): NodeSpec => ({ kind: 'source', source: i, shape: s.shape, dtype: s.dtype });
const compute: SinkSpec = { kind: 'compute' };

const cases: Case[] = [];
function ewCase(name: string, sources: Src[], ew: NodeSpec[], regionShape = [3, 5]): void {
  const nodes = [...sources.map((s, i) => source(i, s)), ...ew];
  cases.push({ name, sources, nodes, root: nodes.length - 1, regionShape, sink: compute });
}
const SH = [7, 11];
const ewNode = (op: string, args: Array<number | string | null>, dtype: DTypeName, extra: object = {}): NodeSpec =>
  ({ kind: 'ew', op, args, shape: SH, dtype, ...extra }) as NodeSpec;
const realOf = (d: DTypeName): DTypeName => (d === 'complex64' ? 'float32' : d === 'complex128' ? 'float64' : d);

// Every cast pair (float → int from safe values: out-of-range float → int is undefined in C and NumPy alike).
for (const from of ['bool', ...INTS, ...FLOATS] as DTypeName[]) {
  for (const to of ['bool', ...INTS, ...FLOATS] as DTypeName[]) {
    const lossy = (FLOATS.includes(from) && (INTS.includes(to)));
    ewCase(`cast ${from}→${to}`, [src(from, SH, lossy ? 'safe' : 'any')], [ewNode('cast', [0], to)]);
  }
}
for (const d of ['bool', ...INTS, ...FLOATS] as DTypeName[]) {
  ewCase(`abs ${d}`, [src(d, SH)], [ewNode('abs', [0], realOf(d))]);
  if (d !== 'bool') ewCase(`sign ${d}`, [src(d, SH)], [ewNode('sign', [0], d)]);
  if (FLOATS.includes(d)) ewCase(`sqrt ${d}`, [src(d, SH)], [ewNode('sqrt', [0], d)]);
  for (const dec of [0, 1, -1]) {
    if (d !== 'bool' && !(INTS.includes(d) && dec < 0 && d.startsWith('u'))) {
      ewCase(`round ${d} decimals=${dec}`, [src(d, SH, INTS.includes(d) ? 'any' : 'safe')], [ewNode('round', [0], d, { decimals: dec })]);
    }
  }
  const ops = d === 'bool' ? ['add', 'multiply'] : ['add', 'subtract', 'multiply', ...(FLOATS.includes(d) ? ['divide'] : [])];
  for (const op of ops) {
    ewCase(`${op} ${d} array,array`, [src(d, SH), src(d, SH)], [ewNode(op, [0, 1], d)]);
    const scalar = d === 'bool' ? 'true' : d.startsWith('complex') ? '1.5,-2' : d.startsWith('float') ? '-2.5' : d.startsWith('u') ? '200' : '-7';
    ewCase(`${op} ${d} array,scalar`, [src(d, SH)], [ewNode(op, [0, scalar], d)]);
  }
  ewCase(`where ${d}`, [src('bool', SH), src(d, SH), src(d, SH)], [ewNode('where', [0, 1, 2], d)]);
  if (!d.startsWith('complex') && d !== 'bool') {
    const lo = d.startsWith('float') ? '-3.5' : '3', hi = d.startsWith('float') ? '40' : '50';
    ewCase(`clip ${d} scalars`, [src(d, SH)], [ewNode('clip', [0, lo, hi], d)]);
    ewCase(`clip ${d} lo only`, [src(d, SH)], [ewNode('clip', [0, lo, null], d)]);
    ewCase(`clip ${d} arrays hi only`, [src(d, SH), src(d, SH)], [ewNode('clip', [0, null, 1], d)]);
  }
}
ewCase('clip zero bounds float32 (-0 ties)', [src('float32', SH)], [ewNode('clip', [0, '0', '-0'], 'float32')]);
ewCase('clip zero bounds float64 reversed', [src('float64', SH)], [ewNode('clip', [0, '-0', '0'], 'float64')]);
ewCase('clip zero bounds float16 arrays', [src('float16', SH), src('float16', SH)], [ewNode('clip', [0, 1, '-0'], 'float16')]);
ewCase('clip NaN bound float64', [src('float64', SH)], [ewNode('clip', [0, 'NaN', '2'], 'float64')]);
ewCase('int8 add wraps', [src('int8', SH)], [ewNode('add', [0, '100'], 'int8')]);
// Fused trees: shared leaf read once, shared subtree, casts inside.
ewCase('fused abs→clip→sqrt float32', [src('float32', SH)],
  [ewNode('abs', [0], 'float32'), ewNode('clip', [1, '0.5', '50'], 'float32'), ewNode('sqrt', [2], 'float32')]);
ewCase('fused DAG x + x*abs(x) then cast', [src('float16', SH)],
  [ewNode('abs', [0], 'float16'), ewNode('multiply', [0, 1], 'float16'), ewNode('add', [0, 2], 'float16'),
    ewNode('cast', [3], 'float64'), ewNode('where', [5, 4, '1'], 'float64'), ewNode('cast', [3], 'bool')]
    .map((n, i) => (i === 4 ? { ...n, args: [6, 4, '1'] } : n)) as NodeSpec[]);
// (the last list: node 5 = where(cond=node 6 ...) would read later; rebuild in order below)
cases.pop();
ewCase('fused DAG x + x*abs(x) then where', [src('float16', SH)],
  [ewNode('abs', [0], 'float16'), ewNode('multiply', [0, 1], 'float16'), ewNode('add', [0, 2], 'float16'),
    ewNode('cast', [3], 'bool'), ewNode('cast', [3], 'float64'), ewNode('where', [4, 5, '1'], 'float64')]);
ewCase('fused complex abs then multiply', [src('complex64', SH), src('float32', SH)],
  [ewNode('abs', [0], 'float32'), ewNode('multiply', [2, 1], 'float32'), ewNode('subtract', [3, 2], 'float32')], [7, 11]);

// ---- views -------------------------------------------------------------
const view = (input: number, shape: number[], dtype: DTypeName, axes: Array<[number, number, number]>, fixed: Array<number | null>): NodeSpec =>
  ({ kind: 'view', input, shape, dtype, axes: axes.map(([i, s, st]) => ({ input: i, start: s, step: st })), fixed });
{
  const s = src('int16', [5, 6, 7]);
  const base = [source(0, s)];
  const push = (name: string, extra: NodeSpec[], regionShape: number[]): void => {
    const nodes = [...base, ...extra];
    cases.push({ name, sources: [s], nodes, root: nodes.length - 1, regionShape, sink: compute });
  };
  // a[::-1, 1:6:2, :].T-ish: output (7, 3, 5): axes (2, 1 step 2 from 1, 0 reversed)
  push('view transpose+negative step', [view(0, [7, 3, 5], 'int16', [[2, 0, 1], [1, 1, 2], [0, 4, -1]], [null, null, null])], [2, 2, 2]);
  // a[2, ::-3, None, 3] broadcast to (2, 2, 4): new axis, fixed indices, broadcast axis
  push('view fixed+newaxis+broadcast', [view(0, [2, 4, 3], 'int16', [[1, 5, -3], [-1, 0, 0], [2, 3, 0]], [2, null, null])], [1, 3, 2]);
  // the same views over an ew node (non-source input: bounding box + gather)
  const ew: NodeSpec = { kind: 'ew', op: 'multiply', args: [0, '3'], shape: [5, 6, 7], dtype: 'int16' } as NodeSpec;
  push('view of ew transpose+negative step', [ew, view(1, [7, 3, 5], 'int16', [[2, 0, 1], [1, 1, 2], [0, 4, -1]], [null, null, null])], [2, 2, 2]);
  push('view of ew fixed+newaxis+broadcast', [ew, view(1, [2, 4, 3], 'int16', [[1, 5, -3], [-1, 0, 0], [2, 3, 0]], [2, null, null])], [1, 3, 2]);
  // ew over views (broadcast add of a row and a column)
  push('ew over broadcast views', [
    view(0, [5, 7], 'int16', [[0, 0, 1], [2, 0, 1]], [null, 3, null]),
    view(0, [5, 7], 'int16', [[0, 0, 1], [-1, 0, 0]], [null, 2, 6]),
    { kind: 'ew', op: 'subtract', args: [1, 2], shape: [5, 7], dtype: 'int16' } as NodeSpec,
  ], [2, 3]);
  // 0-d result from fixed indices
  push('view to 0-d', [view(0, [], 'int16', [], [4, 5, 6])], []);
}

// ---- concat / reshape / remap --------------------------------------------
{
  const a = src('float32', [4, 3]), b = src('float32', [4, 5]), c = src('float32', [4, 1]);
  cases.push({ name: 'concat axis 1', sources: [a, b, c], nodes: [source(0, a), source(1, b), source(2, c),
    { kind: 'concat', inputs: [0, 1, 2], axis: 1, shape: [4, 9], dtype: 'float32' }], root: 3, regionShape: [3, 2], sink: compute });
  const r = src('uint8', [6, 10, 4]);
  cases.push({ name: 'reshape 3d→2d', sources: [r], nodes: [source(0, r), { kind: 'reshape', input: 0, shape: [15, 16], dtype: 'uint8' }], root: 1, regionShape: [4, 3], sink: compute });
  cases.push({ name: 'reshape to 4d', sources: [r], nodes: [source(0, r), { kind: 'reshape', input: 0, shape: [2, 3, 5, 8], dtype: 'uint8' }], root: 1, regionShape: [1, 2, 3, 3], sink: compute });
  const big = src('int32', [64, 300]);
  cases.push({ name: 'reshape narrow column (split path)', sources: [big], nodes: [source(0, big), { kind: 'reshape', input: 0, shape: [300, 64], dtype: 'int32' }], root: 1, regionShape: [300, 1], sink: compute });
  cases.push({ name: 'reshape of ew to flat', sources: [big], nodes: [source(0, big), { kind: 'ew', op: 'add', args: [0, '1'], shape: [64, 300], dtype: 'int32' } as NodeSpec, { kind: 'reshape', input: 1, shape: [19200], dtype: 'int32' }], root: 2, regionShape: [777], sink: compute });

  const t = src('complex64', [3, 4]);
  const remap = (name: string, shape: number[], axes: object[], regionShape: number[], fillValue?: string): void => {
    cases.push({ name, sources: [t], nodes: [source(0, t), { kind: 'remap', input: 0, shape, dtype: 'complex64', axes, ...(fillValue ? { fillValue } : {}) } as NodeSpec], root: 1, regionShape, sink: compute });
  };
  remap('tile 5x3', [15, 12], [{ kind: 'mod', offset: 0, n: 3 }, { kind: 'mod', offset: 0, n: 4 }], [7, 9]);
  remap('tile one big region', [15, 12], [{ kind: 'mod', offset: 0, n: 3 }, { kind: 'mod', offset: 0, n: 4 }], [15, 12]);
  remap('roll', [3, 4], [{ kind: 'identity' }, { kind: 'mod', offset: -3, n: 4 }], [2, 3]);
  remap('roll negative shift', [3, 4], [{ kind: 'mod', offset: 1, n: 3 }, { kind: 'mod', offset: 6, n: 4 }], [1, 1]);
  remap('pad edge', [8, 9], [{ kind: 'clamp', offset: 2, n: 3 }, { kind: 'clamp', offset: 1, n: 4 }], [3, 2]);
  remap('pad edge whole', [8, 9], [{ kind: 'clamp', offset: 2, n: 3 }, { kind: 'clamp', offset: 1, n: 4 }], [8, 9]);
  // fill value 1.5 - 2j as complex64 little-endian hex
  const fv = Buffer.from(new Float32Array([1.5, -2]).buffer).toString('hex');
  remap('pad constant', [7, 10], [{ kind: 'fill', offset: 3, n: 3 }, { kind: 'fill', offset: 2, n: 4 }], [3, 4], fv);
  remap('pad constant + edge mix', [7, 10], [{ kind: 'fill', offset: 3, n: 3 }, { kind: 'clamp', offset: 2, n: 4 }], [2, 3], fv);
}

// ---- reductions ------------------------------------------------------------
{
  for (const d of ['int8', 'uint16', 'int64', 'float16', 'float32', 'float64', 'complex64'] as DTypeName[]) {
    const s = src(d, [6, 5, 7], d.startsWith('float') ? 'any' : 'any');
    for (const op of ['sum', 'min', 'max', 'mean'] as const) {
      if (op === 'mean' && !FLOATS.includes(d)) continue;
      if ((op === 'min' || op === 'max') && d.startsWith('complex')) continue;
      for (const axes of [[0], [1], [0, 2], [0, 1, 2]]) {
        const shape = [6, 5, 7].filter((_, i) => !axes.includes(i));
        cases.push({ name: `reduce ${op} ${d} axes ${axes}`, sources: [s],
          nodes: [source(0, s), { kind: 'reduce', input: 0, op, axes, shape, dtype: d }],
          root: 1, regionShape: shape.map((x) => Math.max(1, x - 2)), sink: compute, tol: (op === 'sum' || op === 'mean') && FLOATS.includes(d) });
      }
    }
  }
  // Input box larger than one 8 MiB slab: streamed in slabs.
  const big = src('float32', [2200, 1100], 'safe');
  cases.push({ name: 'reduce sum in slabs', sources: [big], nodes: [source(0, big), { kind: 'reduce', input: 0, op: 'max', axes: [0], shape: [1100], dtype: 'float32' }], root: 1, regionShape: [1100], sink: compute });
  cases.push({ name: 'reduce mean in slabs', sources: [big], nodes: [source(0, big), { kind: 'reduce', input: 0, op: 'mean', axes: [0], shape: [1100], dtype: 'float32' }], root: 1, regionShape: [700], sink: compute, tol: true });
  // Whole-array sink reductions.
  for (const [d, op] of [['float32', 'sum'], ['float32', 'mean'], ['float64', 'min'], ['float64', 'max'], ['int64', 'sum'], ['int8', 'max'], ['complex128', 'mean'], ['float16', 'sum']] as Array<[DTypeName, 'sum' | 'min' | 'max' | 'mean']>) {
    const s = src(d, [9, 13], op === 'min' || op === 'max' ? 'any' : 'safe');
    cases.push({ name: `sink ${op} ${d}`, sources: [s], nodes: [source(0, s)], root: 0, regionShape: [2, 3], sink: { kind: 'reduce', op }, tol: op === 'sum' || op === 'mean' });
  }
  const n = src('float32', [9, 13], 'any');
  cases.push({ name: 'sink max with NaN', sources: [n], nodes: [source(0, n), { kind: 'ew', op: 'where', args: [1, 'NaN', 0], shape: [9, 13], dtype: 'float32' } as NodeSpec]
    .map((x, i) => (i === 1 ? { ...x, args: [2, 'NaN', 0] } : x)) as NodeSpec[], root: 1, regionShape: [4, 4], sink: { kind: 'reduce', op: 'max' } });
  cases.pop();
  const mask = src('bool', [9, 13]);
  cases.push({ name: 'sink max with NaN', sources: [n, mask], nodes: [source(0, n), source(1, mask), { kind: 'ew', op: 'where', args: [1, 'NaN', 0], shape: [9, 13], dtype: 'float32' } as NodeSpec], root: 2, regionShape: [4, 4], sink: { kind: 'reduce', op: 'max' } });
}

function close(dtype: DTypeName, got: ArrayLike<number | bigint>, want: ArrayLike<number | bigint>): string | null {
  for (let i = 0; i < want.length; i++) {
    let a = Number(got[i]), b = Number(want[i]);
    if (dtype === 'float16') {
      const h = (x: number): number => { const e = (x >> 10) & 31, m = x & 1023, s = x & 0x8000 ? -1 : 1; return e === 31 ? (m ? NaN : s * Infinity) : e === 0 ? s * m * 2 ** -24 : s * (1 + m / 1024) * 2 ** (e - 15); };
      a = h(a); b = h(b);
    }
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    const tol = dtype === 'float16' ? 2e-3 : dtype.includes('32') || dtype === 'complex64' ? 1e-6 : 1e-12;
    if (!(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b))) && a !== b) return `lane ${i}: got ${a}, expected ${b}`;
  }
  return null;
}

describe('native graph executor vs NumPy', () => {
  let dir: string;
  const results: Array<{ data: Uint8Array; regions: number }> = [];
  let report: Array<{ dtype: string; shape: number[] }>;

  beforeAll(async () => {
    dir = makeTempDir('graph');
    const plan = { cases: cases.map((c, k) => ({
      sources: c.sources.map((s, i) => {
        const file = path.join(dir, `c${k}s${i}.bin`);
        fs.writeFileSync(file, s.data);
        return { dtype: s.dtype, shape: s.shape, file };
      }),
      nodes: c.nodes, root: c.root, sink: c.sink, out: path.join(dir, `c${k}.out`),
    })) };
    report = await runPythonPlan(`graph_oracle.py`, 'run', path.join(dir, 'plan.json'), plan);
    for (const c of cases) {
      const root = c.nodes[c.root];
      const count = c.sink.kind === 'reduce' ? 1 : size(root.shape);
      const out = new Uint8Array(count * ITEM_SIZE[root.dtype as DTypeName]);
      const spec = { threads: 2, sources: c.sources.map((s, i) => ({ kind: 'memory', buffer: i, shape: s.shape, dtype: s.dtype })), nodes: c.nodes, root: c.root, regionShape: c.regionShape, sink: c.sink };
      try {
        const r = await native().run(JSON.stringify(spec), c.sources.map((s) => s.data), out, null, null);
        results.push({ data: out, regions: r.regions });
      } catch (e) {
        throw new Error(`${c.name}: ${(e as Error).message}`, { cause: e });
      }
    }
  }, 300000);
  afterAll(() => removeTempDir(dir));

  test('every case matches NumPy', () => {
    const failures: string[] = [];
    cases.forEach((c, k) => {
      const dtype = c.nodes[c.root].dtype as DTypeName;
      if (report[k].dtype !== dtype) failures.push(`${c.name}: NumPy dtype ${report[k].dtype}`);
      const want = typedFromBytes(dtype, new Uint8Array(fs.readFileSync(path.join(dir, `c${k}.out`))));
      const got = typedFromBytes(dtype, results[k].data);
      const diff = c.tol ? close(dtype, got as ArrayLike<number>, want as ArrayLike<number>) : firstMismatch(dtype, got, want, report[k].shape);
      if (diff) failures.push(`${c.name}: ${diff}`);
    });
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(400);
  });

  test('tiny region shapes evaluate many regions', () => {
    const k = cases.findIndex((c) => c.name === 'view transpose+negative step');
    expect(results[k].regions).toBe(4 * 2 * 3);
  });
});
