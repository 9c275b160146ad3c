/**
 * Neighbourhood filters against scipy.ndimage (test/oracle/filters_scipy.py,
 * one Python call): every filter, every boundary mode, sigma/size per axis,
 * even and odd windows, over uint8 uint16 int16 float32 float64, 2-D and 3-D
 * shapes the chunks do not divide. Each result is computed whole and with
 * tiny regions on two threads (so most regions read halos from their
 * neighbours and only the array's edges use the boundary rule), and some
 * are written to Zarr region by region and read back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromArray, io, ops, type DynamicArray, type NdArray } from '../lib';
import { DynaZarrError } from '../lib/errors';
import { type DTypeName, typedFromBytes } from './helpers/compare';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

jest.setTimeout(120_000);

type Family = 'exact' | 'gaussian' | 'uniform';
interface Case {
  name: string;
  in: number;
  op: string;
  args?: unknown[];
  kw?: Record<string, unknown>;
  sel?: string;
  add?: number;
  then?: { op: string; args?: unknown[]; kw?: Record<string, unknown> };
  ours: (a: DynamicArray) => DynamicArray;
  /**
   * exact: integer results identical to scipy's; gaussian: Gaussian weights
   * may differ from NumPy's in a last bit (Math.exp vs NumPy's SIMD exp), so an
   * integer result that scipy truncates right at an integer may differ by one
   * unit, rarely (counted, bounded); uniform: integer results exact, float
   * running sums start at the region, not the array, so a few more ulp.
   */
  family: Family;
}

const DTYPES: DTypeName[] = ['uint8', 'uint16', 'int16', 'float32', 'float64'];
const SHAPES = [[23, 31], [9, 11, 13]];
const CHUNKS: Record<number, number[]> = { 2: [5, 7], 3: [4, 3, 5] };
const MODES = ['reflect', 'nearest', 'mirror', 'wrap', 'constant'] as const;

const inputs: Array<{ dtype: DTypeName; shape: number[]; seed: number }> = [];
DTYPES.forEach((dtype) => SHAPES.forEach((shape) => inputs.push({ dtype, shape, seed: inputs.length + 1 })));
// Axes shorter than the halo (reflections past the far edge), and a larger array for selections.
const SHORT = inputs.push({ dtype: 'float64', shape: [3, 40], seed: 99 }) - 1;
const WIDE_F32 = inputs.push({ dtype: 'float32', shape: [60, 40], seed: 100 }) - 1;
const WIDE_U16 = inputs.push({ dtype: 'uint16', shape: [60, 40], seed: 101 }) - 1;

const weights = (shape: number[], seed: number): { weights: { shape: number[]; values: number[] } } => {
  const n = shape.reduce((p, s) => p * s, 1);
  const values = Array.from({ length: n }, (_, i) => (((i * 7 + seed * 3) % 11) - 4) / 4);  // some zeros, quarters
  return { weights: { shape, values } };
};
const nd = (w: { weights: { shape: number[]; values: number[] } }): NdArray => ({ data: Float64Array.from(w.weights.values), shape: w.weights.shape, dtype: 'float64' });

function casesFor(k: number): Case[] {
  const { shape } = inputs[k];
  const n = shape.length;
  const mode = (i: number): { boundary: string; kw: Record<string, unknown> } => {
    const m = MODES[(k + i) % MODES.length];
    return { boundary: m, kw: m === 'constant' ? { mode: m, cval: 1.5 } : { mode: m } };
  };
  const o = (i: number): { boundary: never; cval?: number } => {
    const m = mode(i);
    return (m.boundary === 'constant' ? { boundary: m.boundary, cval: 1.5 } : { boundary: m.boundary }) as never;
  };
  const per = (list: number[]): number[] => list.slice(0, n);
  const even = per([2, 4, 3]);
  const odd = per([3, 5, 3]);
  const c = (name: string, op: string, args: unknown[], i: number, ours: Case['ours'], family: Family, extraKw: Record<string, unknown> = {}): Case => ({
    name: `${name} ${mode(i).boundary}`, in: k, op, args, kw: { ...mode(i).kw, ...extraKw }, ours, family,
  });
  const sig = per([0.7, 2, 1.3]);
  const orders = per([1, 0, 2]);
  const wOdd = weights(odd, k);
  const wEven = weights(even, k + 1);
  return [
    c('gaussianFilter 1.5', 'gaussian_filter', [1.5], 0, (a) => ops.gaussianFilter(a, 1.5, o(0)), 'gaussian'),
    c(`gaussianFilter [${sig}] truncate 3 order [${orders}]`, 'gaussian_filter', [sig], 1,
      (a) => ops.gaussianFilter(a, sig, { ...o(1), truncate: 3, order: orders }), 'gaussian', { truncate: 3, order: orders }),
    c('uniformFilter 3', 'uniform_filter', [3], 2, (a) => ops.uniformFilter(a, 3, o(2)), 'uniform'),
    c(`uniformFilter [${even}]`, 'uniform_filter', [even], 3, (a) => a.uniformFilter(even, o(3)), 'uniform'),
    c('medianFilter 3', 'median_filter', [3], 4, (a) => ops.medianFilter(a, 3, o(4)), 'exact'),
    c(`medianFilter [${even}]`, 'median_filter', [even], 0, (a) => a.medianFilter(even, o(0)), 'exact'),
    c(`minimumFilter [${even}]`, 'minimum_filter', [even], 1, (a) => ops.minimumFilter(a, even, o(1)), 'exact'),
    c('maximumFilter 5', 'maximum_filter', [5], 2, (a) => a.maximumFilter(5, o(2)), 'exact'),
    c(`greyErosion [${odd}]`, 'grey_erosion', [odd], 3, (a) => ops.greyErosion(a, odd, o(3)), 'exact'),
    c(`greyDilation [${even}]`, 'grey_dilation', [even], 4, (a) => a.greyDilation(even, o(4)), 'exact'),
    c(`correlate [${odd}]`, 'correlate', [wOdd], 0, (a) => ops.correlate(a, nd(wOdd), o(0)), 'exact'),
    c(`convolve [${even}]`, 'convolve', [wEven], 1, (a) => a.convolve(nd(wEven), o(1)), 'exact'),
    c('laplace', 'laplace', [], 2, (a) => a.laplace(o(2)), 'exact'),
    c('gaussianLaplace 1.2', 'gaussian_laplace', [1.2], 3, (a) => ops.gaussianLaplace(a, 1.2, o(3)), 'gaussian'),
    c(`gaussianGradientMagnitude [${sig}]`, 'gaussian_gradient_magnitude', [sig], 4,
      (a) => a.gaussianGradientMagnitude(sig, o(4)), 'gaussian'),
  ];
}

const cases: Case[] = [];
for (let k = 0; k < SHORT; k++) cases.push(...casesFor(k));
for (const m of MODES) {
  const kw = m === 'constant' ? { mode: m, cval: -2.5 } : { mode: m };
  const opt = (m === 'constant' ? { boundary: m, cval: -2.5 } : { boundary: m }) as never;
  cases.push({ name: `short axis gaussian sigma 3 ${m}`, in: SHORT, op: 'gaussian_filter', args: [3], kw, ours: (a) => ops.gaussianFilter(a, 3, opt), family: 'gaussian' });
  cases.push({ name: `short axis median [7, 3] ${m}`, in: SHORT, op: 'median_filter', args: [[7, 3]], kw, ours: (a) => ops.medianFilter(a, [7, 3], opt), family: 'exact' });
  cases.push({ name: `short axis maximum [8, 2] ${m}`, in: SHORT, op: 'maximum_filter', args: [[8, 2]], kw, ours: (a) => ops.maximumFilter(a, [8, 2], opt), family: 'exact' });
}
// Filters of selections, composed with other operations.
const SELECTED: Case[] = [
  { name: 'gaussianFilter(a[10:50, ::2], 1) + 1 float32', in: WIDE_F32, sel: '10:50, ::2', add: 1, op: 'gaussian_filter', args: [1], ours: (a) => ops.gaussianFilter(a.get('10:50, ::2'), 1).add(1), family: 'gaussian' },
  { name: 'gaussianFilter(a[10:50, ::2], 1) + 1 uint16', in: WIDE_U16, sel: '10:50, ::2', add: 1, op: 'gaussian_filter', args: [1], ours: (a) => ops.gaussianFilter(a.get('10:50, ::2'), 1).add(1), family: 'gaussian' },
  { name: 'medianFilter(a[::-3, 5:], 3) uint16', in: WIDE_U16, sel: '::-3, 5:', op: 'median_filter', args: [3], ours: (a) => ops.medianFilter(a.get('::-3, 5:'), 3), family: 'exact' },
  { name: 'uniformFilter(a.T[3:, 1:-1], [4, 3]) wrap float32', in: WIDE_F32, sel: '3:, 1:-1', kw: { mode: 'wrap' }, op: 'uniform_filter', args: [[4, 3]], ours: (a) => ops.uniformFilter(a.get('3:, 1:-1'), [4, 3], { boundary: 'wrap' }), family: 'uniform' },
];
cases.push(...SELECTED);
// Rank windows: 64 elements (the largest the selection network takes), 81 (nth_element), constant not a float.
const U8_3D = inputs.findIndex((s) => s.dtype === 'uint8' && s.shape.length === 3);
const I16_2D = inputs.findIndex((s) => s.dtype === 'int16' && s.shape.length === 2);
cases.push(
  { name: 'medianFilter 4 (64 elements)', in: U8_3D, op: 'median_filter', args: [4], kw: { mode: 'wrap' }, ours: (a) => ops.medianFilter(a, 4, { boundary: 'wrap' }), family: 'exact' },
  { name: 'medianFilter [9, 9] (81 elements)', in: I16_2D, op: 'median_filter', args: [[9, 9]], kw: { mode: 'reflect' }, ours: (a) => ops.medianFilter(a, [9, 9]), family: 'exact' },
  { name: 'medianFilter [3, 5] constant 0.1', in: I16_2D, op: 'median_filter', args: [[3, 5]], kw: { mode: 'constant', cval: 0.1 }, ours: (a) => ops.medianFilter(a, [3, 5], { boundary: 'constant', cval: 0.1 }), family: 'exact' },
);
// Filters of filters: the outer halo grows the inner filter's box, which grows its own.
const U16_3D = inputs.findIndex((s) => s.dtype === 'uint16' && s.shape.length === 3);
const F64_2D = inputs.findIndex((s) => s.dtype === 'float64' && s.shape.length === 2);
cases.push(
  { name: 'uniformFilter(medianFilter(a, 3), 4, wrap)', in: U16_3D, op: 'median_filter', args: [3], then: { op: 'uniform_filter', args: [4], kw: { mode: 'wrap' } }, ours: (a) => ops.uniformFilter(ops.medianFilter(a, 3), 4, { boundary: 'wrap' }), family: 'exact' },
  { name: 'gaussianFilter(laplace(a, constant -1), 1.5, mirror)', in: F64_2D, op: 'laplace', kw: { mode: 'constant', cval: -1 }, then: { op: 'gaussian_filter', args: [1.5], kw: { mode: 'mirror' } }, ours: (a) => ops.gaussianFilter(ops.laplace(a, { boundary: 'constant', cval: -1 }), 1.5, { boundary: 'mirror' }), family: 'gaussian' },
);

let dir: string;
let report: { results: Array<{ offset: number; nbytes: number; shape: number[]; dtype: DTypeName } | { error: string }> };
let resultBytes: Buffer;
const arrays: DynamicArray[] = [];

beforeAll(async () => {
  dir = makeTempDir('filters');
  const plan = { inputs, cases: cases.map(({ ours: _ours, name: _name, family: _family, ...rest }) => rest) };
  report = await runPythonPlan('filters_scipy.py', 'run', path.join(dir, 'plan.json'), plan, [dir]);
  resultBytes = fs.readFileSync(path.join(dir, 'results.bin'));
  inputs.forEach((spec, k) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(dir, `in${k}.bin`)));
    const chunks = spec.shape.length === 3 ? CHUNKS[3] : CHUNKS[2];
    arrays.push(fromArray(typedFromBytes(spec.dtype, bytes) as never, spec.shape, { chunks }));
  });
});
afterAll(() => removeTempDir(dir));

function expected(i: number): { data: ArrayLike<number>; shape: number[]; dtype: DTypeName } {
  const r = report.results[i];
  if ('error' in r) throw new Error(`scipy failed on ${cases[i].name}: ${r.error}`);
  const bytes = new Uint8Array(resultBytes.buffer, resultBytes.byteOffset + r.offset, r.nbytes).slice();
  return { data: typedFromBytes(r.dtype, bytes) as unknown as ArrayLike<number>, shape: r.shape, dtype: r.dtype };
}

const ulp32 = (x: number): number => {
  const e = Math.floor(Math.log2(Math.max(Math.abs(x), 2 ** -126)));
  return 2 ** (e - 23);
};

/**
 * Differences from scipy; floats within a few ulp (our Gaussian weights come
 * from Math.exp, NumPy's from its own SIMD exp: they may differ in a last
 * bit), integers exact: `mismatches` counts integer elements that differ.
 */
function compare(actual: NdArray, exp: ReturnType<typeof expected>, family: Family): { bad: string | null; mismatches: number } {
  const ulps = family === 'uniform' ? 64 : 8;
  if (actual.dtype !== exp.dtype) return { bad: `dtype ${actual.dtype} != ${exp.dtype}`, mismatches: 0 };
  if (JSON.stringify(actual.shape) !== JSON.stringify(exp.shape)) return { bad: `shape [${actual.shape}] != [${exp.shape}]`, mismatches: 0 };
  const a = actual.data as unknown as ArrayLike<number>;
  let maxAbs = 0;
  for (let i = 0; i < exp.data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(exp.data[i]));
  let mismatches = 0;
  for (let i = 0; i < exp.data.length; i++) {
    const x = a[i], y = exp.data[i];
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (exp.dtype === 'float64') {
      if (Math.abs(x - y) <= ulps * 2 ** -52 * maxAbs) continue;
    } else if (exp.dtype === 'float32') {
      if (Math.abs(x - y) <= Math.max(ulp32(y), ulps * 2 ** -52 * maxAbs)) continue;
    } else {
      mismatches++;
      continue;
    }
    return { bad: `element ${i}: got ${x}, scipy ${y}`, mismatches };
  }
  return { bad: null, mismatches };
}

const mismatchLog: string[] = [];

/**
 * compute() with regions about as small as the halo allows (the budget the
 * planner asks for, from its ERR_ZARR_LIMIT message, plus a little): most
 * regions then read halos from neighbouring regions.
 */
async function withTinyBudget<T>(run: (regionSizeMb: number) => Promise<T>): Promise<T> {
  try {
    return await run(0.004);
  } catch (err) {
    const need = /regionSizeMb >= ([0-9.]+)/.exec(String((err as Error).message));
    if (!(err instanceof DynaZarrError) || err.code !== 'ERR_ZARR_LIMIT' || !need) throw err;
    return run(Number(need[1]) * 1.3);
  }
}
const computeInTinyRegions = (array: DynamicArray): Promise<NdArray> => withTinyBudget((regionSizeMb) => array.compute({ regionSizeMb, threads: 2 }));

describe.each(['whole array', 'tiny regions, 2 threads'])('equals scipy.ndimage (%s)', (how) => {
  test.each(cases.map((c, i) => [`${inputs[c.in].dtype} [${inputs[c.in].shape}] ${c.name}`, i] as [string, number]))('%s', async (_label, i) => {
    const c = cases[i];
    const array = c.ours(arrays[c.in]);
    const out = how === 'whole array' ? await array.compute({ regionSizeMb: 1024 }) : await computeInTinyRegions(array);
    const { bad, mismatches } = compare(out, expected(i), c.family);
    if (bad) throw new Error(bad);
    if (c.family !== 'gaussian' || !out.dtype.includes('int')) {
      expect(mismatches).toBe(0);
    } else if (mismatches > 0) {
      // Integer outputs truncate, as scipy's: a last-bit difference right at an integer flips one unit.
      mismatchLog.push(`${how}: ${_label}: ${mismatches} of ${out.data.length}`);
      expect(mismatches / out.data.length).toBeLessThan(0.002);
    }
  });
});

afterAll(() => {
  console.log(`integer last-bit mismatches: ${mismatchLog.length === 0 ? "none" : mismatchLog.join("\n")}`);
});

describe('written to Zarr region by region', () => {
  const picks = cases
    .map((c, i) => [c, i] as [Case, number])
    .filter(([c]) => inputs[c.in].shape.length === 3 && ['gaussian_filter', 'median_filter', 'gaussian_gradient_magnitude', 'convolve'].includes(c.op) && ['uint16', 'float32'].includes(inputs[c.in].dtype));
  test.each(picks.map(([c, i]) => [`${inputs[c.in].dtype} ${c.name}`, i] as [string, number]))('%s', async (_label, i) => {
    const c = cases[i];
    const target = path.join(dir, `write-${i}.zarr`);
    const report = await withTinyBudget((regionSizeMb) => io.write(c.ours(arrays[c.in]), target, { chunks: [4, 3, 5], regionSizeMb, threads: 2, compressor: null }));
    expect(report.regions).toBeGreaterThan(1);
    const back = await (await io.read(target)).compute();
    const { bad } = compare(back, expected(i), c.family);
    if (bad) throw new Error(bad);
  });
});

describe('memory stays bounded: the halo counts in the region budget', () => {
  const limitOf = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(DynaZarrError);
      expect((err as DynaZarrError).code).toBe('ERR_ZARR_LIMIT');
      return (err as Error).message;
    }
    throw new Error('expected ERR_ZARR_LIMIT');
  };

  test('compute: a halo larger than the budget allows is ERR_ZARR_LIMIT naming the budget it needs', async () => {
    const big = ops.gaussianFilter(arrays[0], 30);  // radius 120: a 241² window
    const message = await limitOf(big.compute({ regionSizeMb: 0.1 }));
    const need = Number(/regionSizeMb >= ([0-9.]+)/.exec(message)?.[1]);
    expect(need).toBeGreaterThan(0.1);
    // With that budget it runs, and equals the whole-array result.
    const whole = await big.compute({ regionSizeMb: 1024 });
    const tight = await big.compute({ regionSizeMb: need });
    expect(Array.from(tight.data as Uint8Array)).toEqual(Array.from(whole.data as Uint8Array));
  });

  test('io.write: chunk-aligned regions whose halo does not fit are ERR_ZARR_LIMIT, nothing written', async () => {
    const target = path.join(dir, 'limit.zarr');
    const message = await limitOf(io.write(ops.medianFilter(arrays[1], 9), target, { chunks: [9, 11, 13], regionSizeMb: 0.05 }));
    expect(message).toMatch(/halo/);
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe('bad arguments are ERR_ZARR_INVALID_ARGUMENT naming the operation and the argument, before any I/O', () => {
  const a = (): DynamicArray => arrays[0];
  const bad: Array<[string, () => unknown, RegExp]> = [
    ['unknown option', () => ops.gaussianFilter(a(), 1, { mode: 'wrap' } as never), /gaussianFilter: unknown option "mode"/],
    ['unknown boundary', () => ops.uniformFilter(a(), 3, { boundary: 'edge' as never }), /uniformFilter: boundary must be one of/],
    ['sigma < 0', () => ops.gaussianFilter(a(), -1), /gaussianFilter: sigma must be >= 0/],
    ['sigma per axis of the wrong length', () => ops.gaussianLaplace(a(), [1, 2, 3]), /gaussianLaplace: sigma must be/],
    ['size < 1', () => ops.medianFilter(a(), 0), /medianFilter: size must be an integer >= 1/],
    ['fractional size', () => a().maximumFilter([2, 1.5]), /maximumFilter: size must be an integer >= 1/],
    ['negative order', () => ops.gaussianFilter(a(), 1, { order: -1 }), /gaussianFilter: order must be an integer >= 0/],
    ['negative truncate', () => ops.gaussianGradientMagnitude(a(), 1, { truncate: -1 }), /gaussianGradientMagnitude: truncate/],
    ['cval not a number', () => ops.laplace(a(), { boundary: 'constant', cval: '1' as never }), /laplace: cval must be a number/],
    ['weights rank differs', () => ops.convolve(a(), { data: new Float64Array(3), shape: [3], dtype: 'float64' }), /convolve: weights has 1 axes, the array 2/],
    ['weights not an NdArray', () => ops.correlate(a(), [1, 2, 3] as never), /correlate: weights must be an NdArray/],
    ['complex input', () => ops.gaussianFilter(fromArray(new Float32Array(8), [2, 2], { dtype: 'complex64' }), 1), /gaussianFilter: a has dtype complex64/],
    ['not an array', () => ops.minimumFilter(null as never, 3), /minimumFilter\(a\) must be a DynamicArray/],
  ];
  test.each(bad)('%s', (_name, call, message) => {
    let caught: unknown;
    try {
      call();  // synchronous: the lazy graph is never built, nothing is read
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DynaZarrError);
    expect((caught as DynaZarrError).code).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect((caught as Error).message).toMatch(message);
  });
});
