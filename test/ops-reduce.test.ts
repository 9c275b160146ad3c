/**
 * Reductions, histogram and unique against NumPy 2 (test/oracle/ops_reduce.py):
 * every reduction over every dtype, axes (one, several, all, negative),
 * keepdims, ddof, NaN and empty arrays; result dtypes and values, or
 * NumPy's error as ERR_ZARR_INVALID_ARGUMENT. Integer, bool, min/max,
 * argmin/argmax and median results are exact; float sum/prod/mean/var/std
 * accumulate in double here (NumPy: pairwise in the input's precision), so
 * they agree within a tolerance (relative 1e-2 float16, 1e-5 float32 and
 * complex64, 1e-10 otherwise). Histogram counts and edges are exact.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DTYPES, type DType, type NdArray, type TypedArray } from '../lib/dtype';
import { fromArray, io, ops, isDynaZarrError, type DynamicArray } from '../lib/index';
import { fromHalfBits } from '../lib/metadata/fill-value';
import { native } from '../lib/job/native';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface NpResult { dtype: string; shape: number[]; values: Array<string | [string, string]> }
interface NpError { error: string; message: string }
interface Case { array: string; op: string; axis: number | number[] | null; keepdims?: boolean; ddof?: number; result: NpResult | NpError }
interface Hist { array: string; bins: number; range: [number, number] | null; result: { counts: string[]; edges: string[] } | NpError }
interface Report {
  arrays: Array<{ name: string; dtype: DType; shape: number[]; file: string }>;
  cases: Case[];
  histograms: Hist[];
  uniques: Array<{ array: string; result: NpResult }>;
}

let dir: string;
let report: Report;
const arrays = new Map<string, DynamicArray>();

const CTOR: Record<DType, new (b: ArrayBuffer) => TypedArray> = {
  bool: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
  float16: Uint16Array, float32: Float32Array, float64: Float64Array, complex64: Float32Array, complex128: Float64Array,
} as never;

beforeAll(async () => {
  dir = makeTempDir('ops-reduce');
  report = await runPythonPlan<Report>('ops_reduce.py', 'make', path.join(dir, 'plan.json'), { dir });
  for (const a of report.arrays) {
    const bytes = fs.readFileSync(a.file);
    const data = new CTOR[a.dtype](bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    arrays.set(a.name, fromArray(data, a.shape, { dtype: a.dtype }));
  }
}, 120000);
afterAll(() => removeTempDir(dir));

/** Our values as the oracle's text: exact integers, numbers for floats (float16 decoded), [re, im] pairs. */
function ourValues(dtype: DType, data: TypedArray): Array<string | number | [number, number]> {
  const out: Array<string | number | [number, number]> = [];
  if (dtype === 'complex64' || dtype === 'complex128') {
    for (let i = 0; i < data.length; i += 2) out.push([Number(data[i]), Number(data[i + 1])]);
  } else {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      const half = dtype === 'float16' && !(data instanceof Float64Array); // fluent values come decoded
      out.push(half ? fromHalfBits(Number(v)) : dtype.startsWith('float') ? Number(v) : String(v));
    }
  }
  return out;
}

const isFloatish = (d: string): boolean => d.startsWith('float') || d.startsWith('complex');
const tolFor = (d: string): number => (d === 'float16' ? 1e-2 : d === 'float32' || d === 'complex64' ? 1e-5 : 1e-10);

/** Python's float text ('inf', '-inf', 'nan', '1.5') as a number. */
const num = (s: string): number => (s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

function near(got: number, want: number, tol: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= tol * Math.max(1, Math.abs(want));
}

/** null when `got` equals NumPy's `want`, else the first difference. */
function compare(label: string, got: NdArray, want: NpResult, exact: boolean): string | null {
  if (got.dtype !== want.dtype) return `${label}: dtype ${got.dtype}, NumPy ${want.dtype}`;
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) return `${label}: shape ${JSON.stringify(got.shape)}, NumPy ${JSON.stringify(want.shape)}`;
  const ours = ourValues(got.dtype, got.data);
  const tol = exact ? 0 : tolFor(want.dtype);
  for (let i = 0; i < want.values.length; i++) {
    const w = want.values[i];
    const g = ours[i];
    // Complex: both parts within tol of the value's magnitude (a product's rounding moves both).
    const mag = Array.isArray(w) ? Math.max(...w.map((x) => Math.abs(num(x))).filter((x) => !Number.isNaN(x)), 0) : 0;
    const ok = Array.isArray(w)
      ? near((g as [number, number])[0], num(w[0]), tol * Math.max(1, mag)) && near((g as [number, number])[1], num(w[1]), tol * Math.max(1, mag))
      : isFloatish(want.dtype) ? near(g as number, num(w), tol) : g === w;
    if (!ok) return `${label}: [${i}] = ${JSON.stringify(g)}, NumPy ${JSON.stringify(w)}`;
  }
  return null;
}

const exactOp = (op: string): boolean => ['min', 'max', 'any', 'all', 'argmin', 'argmax', 'median'].includes(op);

function label(c: Case): string {
  return `${c.op}(${c.array}, axis=${JSON.stringify(c.axis)}${c.keepdims ? ', keepdims' : ''}${c.ddof !== undefined ? `, ddof=${c.ddof}` : ''})`;
}

function lazyOf(c: Case): DynamicArray {
  const a = arrays.get(c.array) as DynamicArray;
  const options: Record<string, unknown> = {};
  if (c.keepdims) options.keepdims = true;
  if (c.ddof !== undefined) options.ddof = c.ddof;
  const fn = (ops as unknown as Record<string, (x: DynamicArray, axis?: unknown, o?: unknown) => DynamicArray>)[c.op];
  return fn(a, c.axis ?? undefined, options);
}

/** A fluent whole-array result as a 0-d NdArray of `dtype`, for compare(). */
function asNd(v: unknown, dtype: DType): NdArray {
  const data = new CTOR[dtype](new ArrayBuffer(dtype === 'complex128' ? 16 : 8));
  if (Array.isArray(v)) { data[0] = v[0]; data[1] = v[1]; } else if (typeof v === 'boolean') data[0] = v ? 1 : 0;
  else if (dtype === 'float16') return { data: new Float64Array([v as number]), shape: [], dtype } as never;
  else data[0] = v as never;
  return { data: data.subarray(0, dtype.startsWith('complex') ? 2 : 1) as TypedArray, shape: [], dtype };
}

describe('reductions vs NumPy', () => {
  test('lazy ops over every dtype, axes, keepdims, ddof, NaN and empty arrays', async () => {
    const failures: string[] = [];
    for (const c of report.cases) {
      const name = label(c);
      if ('error' in c.result) {
        let threw: unknown = null;
        try { await lazyOf(c).compute(); } catch (e) { threw = e; }
        if (!isDynaZarrError(threw, 'ERR_ZARR_INVALID_ARGUMENT')) failures.push(`${name}: NumPy ${c.result.error} (${c.result.message}), we ${threw ? String(threw) : 'did not throw'}`);
        continue;
      }
      try {
        const diff = compare(name, await lazyOf(c).compute(), c.result, exactOp(c.op) || !isFloatish(c.result.dtype));
        if (diff) failures.push(diff);
      } catch (e) {
        failures.push(`${name}: threw ${String(e)}`);
      }
    }
    expect(failures.slice(0, 30)).toEqual([]);
    expect(report.cases.length).toBeGreaterThan(1000);
  }, 120000);

  test('fluent whole-array reductions (batched sink) resolve to NumPy\'s scalar', async () => {
    const failures: string[] = [];
    const whole = report.cases.filter((c) => c.axis === null && !c.keepdims);
    // All reductions of one array requested together: one job per array.
    const byArray = new Map<string, Case[]>();
    for (const c of whole) byArray.set(c.array, [...(byArray.get(c.array) ?? []), c]);
    for (const [name, cs] of byArray) {
      const a = arrays.get(name) as DynamicArray;
      // Tiny regions: every result merges many per-region partials (ties and NaN across regions).
      const options = (c: Case): Record<string, unknown> => ({ regionSizeMb: 0.0005, ...(c.ddof !== undefined ? { ddof: c.ddof } : {}) });
      const settled = await Promise.allSettled(cs.map((c) => (a as unknown as Record<string, (x: undefined, o: unknown) => Promise<unknown>>)[c.op](undefined, options(c))));
      settled.forEach((s, k) => {
        const c = cs[k];
        if ('error' in c.result) {
          if (s.status !== 'rejected' || !isDynaZarrError(s.reason, 'ERR_ZARR_INVALID_ARGUMENT')) failures.push(`${label(c)}: NumPy ${c.result.error}, we ${s.status}`);
        } else if (s.status === 'rejected') {
          failures.push(`${label(c)}: threw ${String(s.reason)}`);
        } else {
          const want = c.result;
          const dtype = want.dtype as DType;
          const v = s.value;
          if (dtype.endsWith('64') && dtype.includes('int') && typeof v !== 'bigint') failures.push(`${label(c)}: ${typeof v}, not bigint`);
          if (dtype === 'bool' && typeof v !== 'number') failures.push(`${label(c)}: ${typeof v}, not a number (0/1)`);
          const diff = compare(label(c), asNd(v, dtype), want, exactOp(c.op) || !isFloatish(dtype));
          if (diff) failures.push(diff);
        }
      });
    }
    expect(failures.slice(0, 30)).toEqual([]);
  }, 120000);
});

describe('histogram and unique vs NumPy', () => {
  test('np.histogram counts and edges, bit-exact (lazy ops and the fluent form)', async () => {
    const failures: string[] = [];
    for (const h of report.histograms) {
      const a = arrays.get(h.array) as DynamicArray;
      const name = `histogram(${h.array}, ${h.bins}, ${JSON.stringify(h.range)})`;
      const range = h.range ?? undefined;
      if ('error' in h.result) {
        const r = await a.histogram(h.bins, range).then(() => null, (e: unknown) => e);
        if (!isDynaZarrError(r, 'ERR_ZARR_INVALID_ARGUMENT')) failures.push(`${name}: NumPy ${h.result.error}, we ${String(r)}`);
        continue;
      }
      const wantCounts = h.result.counts.join(',');
      const wantEdges = h.result.edges.map(Number);
      const fluent = await a.histogram(h.bins, range);
      const lazyCounts = await ops.histogram(a, h.bins, range).compute();
      const lazyEdges = await ops.histogramBinEdges(a, h.bins, range).compute();
      // Inside a larger graph the native histogram node counts (not the sink).
      const nodeCounts = await ops.add(ops.histogram(a, h.bins, range), 0).compute();
      for (const [how, counts, edges] of [['fluent', fluent.counts, fluent.edges], ['lazy', lazyCounts, lazyEdges], ['node', nodeCounts, lazyEdges]] as const) {
        if (counts.dtype !== 'int64' || edges.dtype !== 'float64') failures.push(`${name} ${how}: dtypes ${counts.dtype} ${edges.dtype}`);
        const got = Array.from(counts.data as BigInt64Array).join(',');
        if (got !== wantCounts) failures.push(`${name} ${how}: counts ${got} != ${wantCounts}`);
        const e = Array.from(edges.data as Float64Array);
        if (e.length !== wantEdges.length || e.some((v, i) => v !== wantEdges[i])) failures.push(`${name} ${how}: edges ${e.slice(0, 5)}… != ${wantEdges.slice(0, 5)}…`);
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  }, 120000);

  test('np.unique: sorted distinct values, NaN once (lazy and fluent)', async () => {
    const failures: string[] = [];
    for (const u of report.uniques) {
      const a = arrays.get(u.array) as DynamicArray;
      const lazy = ops.unique(a);
      expect(lazy.dtype).toBe(a.dtype);
      for (const [how, got] of [['lazy', await lazy.compute()], ['fluent', await a.unique({ regionSizeMb: 0.001 })]] as const) {
        const diff = compare(`unique(${u.array}) ${how}`, got, u.result, true);
        if (diff) failures.push(diff);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('reductions read once, in bounded memory', () => {
  let zdir: string;
  let z: DynamicArray;
  let ref: Float32Array;
  beforeAll(async () => {
    zdir = makeTempDir('ops-reduce-z');
    ref = new Float32Array(64 * 48 * 40);
    let s = 7;
    for (let i = 0; i < ref.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; ref[i] = s / 2147483648 * 10 - 3; }
    await io.write(fromArray(ref, [64, 48, 40]), path.join(zdir, 'a.zarr'), { chunks: [16, 16, 40] });
    z = await io.read(path.join(zdir, 'a.zarr'));
  });
  afterAll(() => removeTempDir(zdir));
  const CHUNKS = 4 * 3;
  const reads = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const before = native().counters().chunksRead;
    const v = await fn();
    return [v, native().counters().chunksRead - before];
  };

  test('Promise.all([a.mean(), a.std()]) and [a.min(), a.max()] read every chunk once', async () => {
    let m = 0;
    for (const v of ref) m += v;
    m /= ref.length;
    let q = 0;
    for (const v of ref) q += (v - m) ** 2;
    const [[mean, std], once] = await reads(() => Promise.all([z.mean(undefined, { regionSizeMb: 0.1 }), z.std(undefined, { regionSizeMb: 0.1 })]));
    expect(once).toBe(CHUNKS);
    expect(mean as number).toBeCloseTo(m, 5);
    expect(std as number).toBeCloseTo(Math.sqrt(q / ref.length), 5);
    // The lazy form of a whole-array reduction runs as the same sink, regions aligned to the chunks.
    const [lazyStd, lazyReads] = await reads(() => ops.std(z).compute({ regionSizeMb: 0.1 }));
    expect(lazyReads).toBe(CHUNKS);
    expect(lazyStd.shape).toEqual([]);
    expect(lazyStd.data[0]).toBe(std);
    const [, twice] = await reads(async () => [await z.mean(), await z.std()]);
    expect(twice).toBe(2 * CHUNKS);
    const [[lo, hi], minmax] = await reads(() => Promise.all([z.min(), z.max()]));
    expect(minmax).toBe(CHUNKS);
    expect([lo, hi]).toEqual([ref.reduce((a, b) => Math.min(a, b)), ref.reduce((a, b) => Math.max(a, b))]);
    // histogram without a range: one read for min/max, one to count.
    const [h, hreads] = await reads(() => z.histogram(10));
    expect(hreads).toBe(2 * CHUNKS);
    expect(Array.from(h.counts.data as BigInt64Array).reduce((x, y) => x + y, 0n)).toBe(BigInt(ref.length));
  });

  test('median along an axis streams slabs; the caps are enforced before any I/O', async () => {
    const [med, n] = await reads(() => ops.median(z, 0).compute({ regionSizeMb: 0.05 }));
    expect(n).toBeGreaterThan(0);
    // Column (0, 0): the median of ref[k * 48 * 40] over k.
    const col = Array.from({ length: 64 }, (_, k) => ref[k * 48 * 40]).sort((a, b) => a - b);
    expect((med.data as Float32Array)[0]).toBe(Math.fround((col[31] + col[32]) / 2));
    const [err, none] = await reads(() => z.median(undefined, { memoryLimitMb: 0.1 }).then(() => null, (e: unknown) => e));
    expect(err).toMatchObject({ code: 'ERR_ZARR_LIMIT' });
    expect(String((err as Error).message)).toMatch(/491520 bytes/);
    expect(none).toBe(0);
    expect(() => ops.median(z, [0, 1], { memoryLimitMb: 0.01 })).toThrow(expect.objectContaining({ code: 'ERR_ZARR_LIMIT' }));
    await expect(z.unique({ memoryLimitMb: 0.001 })).rejects.toMatchObject({ code: 'ERR_ZARR_LIMIT', message: expect.stringMatching(/262 distinct values/) });
  });
});

describe('bad arguments are ERR_ZARR_INVALID_ARGUMENT naming the operation and argument, before any I/O', () => {
  const a = fromArray(new Float64Array(24), [2, 3, 4]);
  const c = fromArray(new Float32Array(8), [4], { dtype: 'complex64' });
  test.each([
    ['sum', () => ops.sum(a, 3), /sum: axis 3 is out of bounds/],
    ['mean', () => ops.mean(a, [0, 0]), /mean: axis has a repeated axis/],
    ['std', () => ops.std(a, undefined, { ddof: 'x' } as never), /std: ddof must be a number/],
    ['var', () => ops.var(a, undefined, { foo: 1 } as never), /var: unknown option "foo"/],
    ['sum ddof', () => ops.sum(a, undefined, { ddof: 1 } as never), /sum: unknown option "ddof"/],
    ['max', () => ops.max(a, 0, { keepdims: 1 } as never), /max: keepdims must be a boolean/],
    ['argmin', () => ops.argmin(a, [0, 1] as never), /argmin: axis must be an integer/],
    ['histogram bins', () => ops.histogram(a, 0), /histogram: bins must be a positive integer/],
    ['histogram bins 2.5', () => ops.histogram(a, 2.5), /histogram: bins must be a positive integer/],
    ['histogram range', () => ops.histogram(a, 4, [3, 1]), /histogram: range: max must be larger than min/],
    ['histogram range inf', () => ops.histogram(a, 4, [0, Infinity]), /histogram: supplied range of \[0, Infinity\] is not finite/],
    ['histogram complex', () => ops.histogram(c, 4), /histogram: a of dtype complex64 is not supported/],
    ['histogramBinEdges', () => ops.histogramBinEdges(a, -1), /histogramBinEdges: bins must be a positive integer/],
    ['unique', () => ops.unique(a, { nope: true } as never), /unique: unknown option "nope"/],
    ['not an array', () => ops.prod([1, 2] as never), /prod\(a\) must be a DynamicArray/],
  ])('%s', (_, fn, message) => {
    expect(fn).toThrow(expect.objectContaining({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringMatching(message) }));
  });
  test('fluent forms reject the same way', async () => {
    await expect(a.std(undefined, { ddof: 1, bogus: 2 } as never)).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringMatching(/std: unknown option "bogus"/) });
    await expect(a.histogram(-3)).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT' });
    await expect(a.argmax(7)).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringMatching(/argmax: axis 7/) });
    await expect(a.sum(undefined, { threads: 0 })).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT' });
  });
  test('every dtype is accepted where NumPy accepts it', () => {
    for (const d of DTYPES) expect(ops.median(fromArray(new Float64Array(4), [4]).astype(d)).dtype).toBeDefined();
  });
});
