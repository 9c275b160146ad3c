/**
 * Strided views of reshaped (and tiled, padded, rolled, concatenated,
 * transposed) arrays: a view whose output region needs a much larger input
 * box evaluates that input in pieces bounded by the region budget.
 * 1. Values equal NumPy for many strides, offsets, negative steps and ranks,
 *    over chunked memory sources and chunked / sharded Zarr v3 sources, with
 *    budgets small enough that every view is evaluated in many pieces.
 * 2. Writing such a view of a 256 MiB Zarr array (regionSizeMb 16, 2 threads)
 *    runs in a child process whose peak RSS stays under 200 MiB (it was
 *    ~570 MiB when the view's bounding box was evaluated at once).
 */
import fs from 'node:fs';
import path from 'node:path';
import { io, type DynamicArray } from '../lib/index';
import { assertNdEqual, seededRandom } from './helpers/compare';
import { addonPath, runNodeJson, transpileLibrary, PEAK_RSS_KB } from './helpers/child-lib';
import { build, resultBytes, runOracle, type Expr, type InputSpec, type OracleRun, type SelItem } from './helpers/lazy-oracle';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const INPUTS: InputSpec[] = [
  { dtype: 'int32', shape: [6, 7, 5], seed: 11, chunks: [4, 3, 2] },
  { dtype: 'float64', shape: [3, 4, 5, 6], seed: 12, chunks: [2, 3, 2, 5] },
  { dtype: 'uint16', shape: [6, 7, 5], seed: 13, zarr: { chunks: [2, 3, 2], shards: [4, 6, 4] } },
  { dtype: 'float32', shape: [9, 8, 3], seed: 14, zarr: { chunks: [4, 3, 2] } },
];
// Shapes each input is reshaped to (same size, ranks 1 to 4).
const RESHAPES: number[][][] = [
  [[210], [14, 15], [2, 3, 35], [7, 2, 3, 5]],
  [[360], [24, 15], [6, 60], [2, 3, 4, 15]],
  [[210], [15, 14], [5, 42], [3, 7, 2, 5]],
  [[216], [12, 18], [6, 4, 9], [2, 3, 4, 9]],
];
const BUDGETS_MB = [0.0005, 0.02, 16];

const rand = seededRandom(4099);
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)];
const STEPS = [2, 3, 5, 7, 13, 4099, -1, -2, -3, -7, -11];

/** A strided selection of every axis of `shape` (sometimes an integer index or a new axis). */
function stridedSelection(shape: number[]): SelItem[] {
  const items: SelItem[] = [];
  for (const n of shape) {
    const r = rand();
    if (r < 0.1 && shape.length > 1) items.push({ i: int(-n, n - 1) });
    else items.push({ s: [rand() < 0.4 ? null : int(-n, n - 1), rand() < 0.6 ? null : int(-n, n), pick(STEPS)] });
    if (rand() < 0.08) items.push('newaxis');
  }
  return items;
}

const get = (e: Expr, sel: SelItem[]): Expr => ({ op: 'get', args: [e], sel });
const op = (name: string, ...args: unknown[]): Expr => ({ op: name, args });
const cases: Expr[] = [];
INPUTS.forEach((_, k) => {
  const a: Expr = { in: k };
  for (const shape of RESHAPES[k]) {
    const r = op('reshape', a, shape);
    for (let t = 0; t < 4; t++) cases.push(get(r, stridedSelection(shape)));
  }
  const flat = op('flatten', a);
  cases.push(get(flat, [{ s: [null, null, 4099] }]), get(flat, [{ s: [3, null, 7] }]), get(flat, [{ s: [-2, 4, -13] }]));
  cases.push(get(get(flat, [{ s: [1, null, 3] }]), [{ s: [null, null, -5] }]));
  // A reshape of a strided view, viewed again.
  cases.push(get(op('reshape', get(a, [{ s: [null, null, -2] }]), [-1]), [{ s: [2, null, 5] }]));
  // The other structural nodes under a strided view.
  const m = RESHAPES[k][1];
  const r2 = op('reshape', a, m);
  // A negative step on the first axis, an offset and a positive step on the others.
  const outer = (shape: number[]): SelItem[] => shape.map((_, i) => (i === 0 ? { s: [null, null, -pick([2, 5])] } : { s: [int(0, 2), null, pick([3, 4, 5])] }));
  cases.push(get(op('transpose', r2), outer([m[1], m[0]])));
  cases.push(get(op('swapAxes', op('reshape', a, RESHAPES[k][2]), 0, -1), outer(RESHAPES[k][2].slice().reverse())));
  cases.push(get(op('tile', r2, [2, 3]), outer([m[0] * 2, m[1] * 3])));
  cases.push(get(op('roll', flat, int(-50, 50)), [{ s: [null, null, pick([3, 7, -5])] }]));
  cases.push(get(op('pad', r2, [[3, 1], [2, 5]], { mode: 'constant', value: 7 }), outer([m[0] + 4, m[1] + 7])));
  cases.push(get(op('pad', r2, [[1, 2], [4, 0]], { mode: 'edge' }), outer([m[0] + 3, m[1] + 4])));
  cases.push(get(op('concatenate', [flat, op('flip', flat)], 0), [{ s: [int(0, 9), null, pick([11, -17, 6])] }]));
  cases.push(get(op('multiply', r2, { s: 3, k: 'int' }), outer(m)));
  // Reshapes evaluated into a strided part of the output (concatenated along their last axis).
  cases.push(op('concatenate', [r2, op('reshape', op('flip', a), m)], 1));
  cases.push(get(op('concatenate', [r2, r2], 1), outer([m[0], m[1] * 2])));
});

let dir: string;
let run: OracleRun;
let inputs: DynamicArray[];

beforeAll(async () => {
  dir = makeTempDir('reshape-view');
  run = await runOracle(dir, INPUTS, cases);
  // Zarr inputs are read from the copies zarr-python wrote, not from memory.
  inputs = await Promise.all(run.inputs.map((mem, k) => (INPUTS[k].zarr ? io.read(path.join(dir, `in${k}.zarr`)) : mem)));
}, 120_000);
afterAll(() => removeTempDir(dir));

test('strided views of reshaped, tiled, padded, rolled, concatenated and transposed arrays equal NumPy', async () => {
  const failures: string[] = [];
  let compared = 0;
  for (let k = 0; k < cases.length; k++) {
    const r = run.results[k];
    const label = `#${k} ${JSON.stringify(cases[k])}`;
    if ('error' in r) {
      failures.push(`${label}: NumPy raised ${r.error}`);
      continue;
    }
    for (const regionSizeMb of BUDGETS_MB) {
      try {
        const out = await build(cases[k], inputs).compute({ regionSizeMb, threads: 2 });
        assertNdEqual(out, { bytes: resultBytes(run, r), shape: r.shape, dtype: r.dtype });
        compared++;
      } catch (err) {
        failures.push(`${label} @${regionSizeMb} MiB: ${(err as Error).message}`);
      }
    }
  }
  expect(failures.slice(0, 10)).toEqual([]);
  expect(compared).toBe(cases.length * BUDGETS_MB.length);
}, 120_000);

describe('peak memory', () => {
  const REGION_MB = 16;
  const THREADS = 2;
  const MIB = 1024 * 1024;
  const LIMIT = 200 * MIB;
  // 64 × 1024 × 1024 float32 = 256 MiB.
  const big = { name: 'big', shape: [64, 1024, 1024], chunks: [4, 256, 512], dtype: 'float32', format: 3, codec: 'zstd', kind: 'wave' };
  let bigDir: string;
  let indexJs: string;

  beforeAll(async () => {
    bigDir = makeTempDir('reshape-view-big');
    await runPythonPlan('accept_pipeline.py', 'make', path.join(bigDir, 'make.json'), { inputs: [big] }, [bigDir]);
    indexJs = transpileLibrary(path.join(bigDir, 'dist'));
  }, 300_000);
  afterAll(() => removeTempDir(bigDir));

  /** Writes `chain` (JS over `big`) in a child process; returns its peak RSS in bytes and checks the values with NumPy. */
  async function writeAndCheck(name: string, chain: string, numpyExpr: string): Promise<number> {
    const script = path.join(bigDir, `${name}.js`);
    fs.writeFileSync(script, `
      const { io, ops } = require(${JSON.stringify(indexJs)});
      (async () => {
        const big = await io.read(${JSON.stringify(path.join(bigDir, 'big'))});
        await io.write(${chain}, ${JSON.stringify(path.join(bigDir, `${name}.zarr`))}, { regionSizeMb: ${REGION_MB}, threads: ${THREADS} });
        console.log(JSON.stringify({ maxRSSKb: ${PEAK_RSS_KB} }));
      })().catch((e) => { console.log(JSON.stringify({ error: String(e && e.code) + ' ' + (e && e.message) })); });
    `);
    const res = await runNodeJson<{ maxRSSKb?: number; error?: string }>(script, { DYNA_ZARR_ADDON: addonPath() });
    expect(res.error).toBeUndefined();
    const check = { output: `${name}.zarr`, expr: numpyExpr, inputs: ['big'] };
    const verdicts = await runPythonPlan<Record<string, string>>(
      'accept_pipeline.py', 'check', path.join(bigDir, `${name}-check.json`), { inputs: [big], checks: [check] }, [bigDir]);
    expect(verdicts[check.output]).toBe('ok');
    return (res.maxRSSKb ?? Infinity) * 1024;
  }

  test('a strided view of a flattened 256 MiB array stays under 200 MiB and equals NumPy', async () => {
    const rss = await writeAndCheck('flat', `ops.flatten(big).get('::4099')`, 'big.ravel()[::4099]');
    expect(rss).toBeLessThan(LIMIT);
  }, 300_000);

  test('a 2-d strided view with a negative step of a reshaped 256 MiB array stays under 200 MiB and equals NumPy', async () => {
    const rss = await writeAndCheck('rows', `ops.reshape(big, [16384, 4096]).get('::-61, 7::509')`, 'big.reshape(16384, 4096)[::-61, 7::509]');
    expect(rss).toBeLessThan(LIMIT);
  }, 300_000);
});
