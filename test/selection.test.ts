/**
 * get() against NumPy basic indexing on many seeded random selections of
 * in-memory arrays (array form and string form, chains of selections), the
 * contract's error codes, and the graph shape: a selection of a selection
 * is ONE view node over the source.
 */
import { DynaZarrError, fromArray, isDynaZarrError, newaxis, slice } from '../lib/index';
import { toJob } from '../lib/job/to-job';
import { parseSelectionString, sliceIndices, Slice } from '../lib/graph/selection';
import { assertNdEqual, seededRandom } from './helpers/compare';
import { build, resultBytes, runOracle, type Expr, type InputSpec, type OracleRun, type SelItem } from './helpers/lazy-oracle';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const INPUTS: InputSpec[] = [
  { dtype: 'int32', shape: [7, 9, 5], seed: 1, chunks: [3, 4, 2] },
  { dtype: 'float64', shape: [11, 6, 4, 3], seed: 2 },
  { dtype: 'uint8', shape: [13], seed: 3, chunks: [5] },
  { dtype: 'complex64', shape: [4, 5], seed: 4 },
  { dtype: 'int64', shape: [3, 0, 4], seed: 5 },
];
const PER_INPUT = 120;

function randomItems(rand: () => number, ndim: number): SelItem[] {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const items: SelItem[] = [];
  let axis = 0;
  let ellipsis = false;
  const budget = ndim + (rand() < 0.05 ? 1 : 0);
  while (axis < budget && (rand() < 0.85 || items.length === 0)) {
    const r = rand();
    if (r < 0.08) { items.push('newaxis'); continue; }
    if (!ellipsis && r < 0.16) { items.push('...'); ellipsis = true; continue; }
    if (r < 0.42) items.push({ i: rand() < 0.85 ? int(-3, 2) : int(-14, 13) });
    else if (r < 0.5) items.push(null);
    else {
      const steps = [null, 1, 2, 3, -1, -2, -3, 5, -5];
      const step = rand() < 0.02 ? 0 : steps[int(0, steps.length - 1)];
      items.push({ s: [rand() < 0.3 ? null : int(-16, 16), rand() < 0.3 ? null : int(-16, 16), step] });
    }
    axis++;
  }
  return items;
}

const cases: Expr[] = [];
const forms: boolean[] = [];
{
  const rand = seededRandom(77);
  INPUTS.forEach((spec, k) => {
    for (let n = 0; n < PER_INPUT; n++) {
      let e: Expr = { op: 'get', args: [{ in: k }], sel: randomItems(rand, spec.shape.length) };
      if (rand() < 0.3) e = { op: 'get', args: [e], sel: randomItems(rand, spec.shape.length) };
      if (rand() < 0.1) e = { op: 'get', args: [e], sel: randomItems(rand, spec.shape.length) };
      cases.push(e);
      forms.push(rand() < 0.5);
    }
  });
}

let dir: string;
let run: OracleRun;

beforeAll(async () => {
  dir = makeTempDir('sel');
  run = await runOracle(dir, INPUTS, cases);
}, 120_000);
afterAll(() => removeTempDir(dir));

test('random selections and chains equal NumPy (values, shapes, errors)', async () => {
  const failures: string[] = [];
  let valid = 0;
  let invalid = 0;
  for (let k = 0; k < cases.length; k++) {
    const r = run.results[k];
    const label = `#${k} ${forms[k] ? 'string' : 'array'} ${JSON.stringify(cases[k])}`;
    try {
      const a = build(cases[k], run.inputs, forms[k]);
      const out = await a.compute({ regionSizeMb: 0.0005 });
      if ('error' in r) { failures.push(`${label}: NumPy raised ${r.error}, we returned [${out.shape}]`); continue; }
      assertNdEqual(out, { bytes: resultBytes(run, r), shape: r.shape, dtype: r.dtype }, label);
      valid++;
    } catch (err) {
      if ('error' in r && isDynaZarrError(err, 'ERR_ZARR_INVALID_SELECTION')) { invalid++; continue; }
      failures.push(`${label}: ${'error' in r ? `NumPy ${r.error}; ` : ''}${(err as DynaZarrError).code ?? ''} ${(err as Error).message}`);
    }
  }
  expect(failures.slice(0, 10)).toEqual([]);
  expect(valid).toBeGreaterThan(cases.length / 2);
  expect(invalid).toBeGreaterThan(5);
});

describe('selection errors and parsing', () => {
  const a = fromArray(new Float32Array(60), [3, 4, 5]);
  const code = (f: () => unknown): string | undefined => {
    try { f(); } catch (err) { return (err as DynaZarrError).code; }
    return undefined;
  };

  test('out-of-range integer names the axis', () => {
    expect(() => a.get([0, 4])).toThrow(/axis 1 with size 4/);
    expect(code(() => a.get('-4'))).toBe('ERR_ZARR_INVALID_SELECTION');
  });
  test('step 0, too many indices, two ellipses, junk', () => {
    expect(code(() => a.get('::0'))).toBe('ERR_ZARR_INVALID_SELECTION');
    expect(code(() => a.get([0, 0, 0, 0]))).toBe('ERR_ZARR_INVALID_SELECTION');
    expect(code(() => a.get('..., 1, ...'))).toBe('ERR_ZARR_INVALID_SELECTION');
    expect(code(() => a.get('1.5'))).toBe('ERR_ZARR_INVALID_SELECTION');
    expect(code(() => a.get([1.5] as never))).toBe('ERR_ZARR_INVALID_SELECTION');
    expect(code(() => a.get(['x'] as never))).toBe('ERR_ZARR_INVALID_SELECTION');
  });
  test('string form parses None/newaxis/ellipsis and slices', () => {
    expect(parseSelectionString('10:20, :, ::2, -1, ..., None, newaxis')).toEqual([
      new Slice(10, 20, null), new Slice(null, null, null), new Slice(null, null, 2), -1, '...', newaxis, newaxis,
    ]);
    expect(a.get('None, 1, ..., ::-2').shape).toEqual([1, 4, 3]);
  });
  test('slice() follows Python: one argument is the stop', () => {
    expect(slice(3)).toEqual(new Slice(null, 3, null));
    expect(slice(1, 3)).toEqual(new Slice(1, 3, null));
    expect(slice(undefined, undefined, -1)).toEqual(new Slice(null, null, -1));
  });
  test('slice indices match Python slice.indices on a grid', () => {
    // Python: len(range(*slice(a, b, c).indices(n)))
    const ref = (s: Slice, n: number): number => {
      const out: number[] = [];
      const { start, step, length } = sliceIndices(s, n, 0);
      for (let k = 0; k < length; k++) out.push(start + k * step);
      return out.length;
    };
    expect(ref(new Slice(-100, 100, 1), 5)).toBe(5);
    expect(ref(new Slice(null, null, -1), 5)).toBe(5);
    expect(ref(new Slice(3, 1, 1), 5)).toBe(0);
    expect(ref(new Slice(-1, -6, -2), 5)).toBe(3);
  });
});

describe('graph shape', () => {
  test('a selection of a selection (and transposes) is one view over the source', () => {
    const src = fromArray(new Int16Array(7 * 9 * 5), [7, 9, 5], { chunks: [3, 4, 2] });
    const v = src.get('1:6, ::-2').get([newaxis, 2, slice(null, null, 2), '...']).transpose();
    const { spec } = toJob(v, { kind: 'compute' }, v.shape.map(() => 1), 1);
    expect(spec.nodes.map((n) => n.kind)).toEqual(['source', 'view']);
    expect(spec.sources).toHaveLength(1);
    expect(v.shape).toEqual([5, 3, 1]);
    expect(src.get('1:6, ::-2').chunks).toEqual([3, 4, 2]);
    expect(src.get([newaxis, 0]).chunks).toEqual([1, 4, 2]);
    expect(src.get(null).zarrFormat).toBeNull();
  });
});
