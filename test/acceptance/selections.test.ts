/**
 * Suite 2: NumPy basic indexing on arrays read from Zarr, against NumPy on many
 * seeded random selections: integers (negative, out of range), clamped and
 * negative-step slices, ellipsis, newaxis, whole axes (null), chains of
 * selections; in the array form and in the NumPy-style string form.
 */
import fs from 'node:fs';
import path from 'node:path';
import { io, isDynaZarrError, newaxis, slice } from '../../lib/index';
import { assertNdEqual, DTypeName, seededRandom } from '../helpers/compare';
import { runPythonPlan } from '../helpers/python';
import { makeTempDir, removeTempDir } from '../helpers/tmp';

type Item = { i: number } | { s: [number | null, number | null, number | null] } | '...' | 'newaxis' | null;
interface ArraySpec { name: string; shape: number[]; chunks: number[]; dtype: DTypeName; format: 'v2' | 'v3' | 'v3s'; order?: 'F' }
interface Selection { array: string; chain: Item[][]; form: 'array' | 'string' }
type Result = { offset: number; nbytes: number; shape: number[] } | { error: string };

const ARRAYS: ArraySpec[] = [
  { name: 'v2f', shape: [7, 9, 5], chunks: [3, 4, 2], dtype: 'int32', format: 'v2', order: 'F' },
  { name: 'v3', shape: [11, 6, 4, 3], chunks: [4, 4, 3, 2], dtype: 'float64', format: 'v3' },
  { name: 'v3s', shape: [13, 10], chunks: [3, 4], dtype: 'int16', format: 'v3s' },
];
const PER_ARRAY_AND_FORM = 150;

function randomItems(rand: () => number, ndim: number, allowNewaxis: boolean): Item[] {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const items: Item[] = [];
  let axis = 0;
  let ellipsis = false;
  // Occasionally one index too many, to exercise "too many indices".
  const budget = ndim + (rand() < 0.05 ? 1 : 0);
  while (axis < budget && (rand() < 0.85 || items.length === 0)) {
    const r = rand();
    if (allowNewaxis && r < 0.1) { items.push('newaxis'); continue; }
    if (!ellipsis && r < 0.2) { items.push('...'); ellipsis = true; continue; }
    const n = 12; // bounds wider than every axis, so clamping and out-of-range occur
    if (r < 0.45) items.push({ i: rand() < 0.85 ? int(-3, 2) : int(-n, n - 1) });
    else if (r < 0.5) items.push(null);
    else {
      const steps = [null, 1, 2, 3, -1, -2, -3, 5, -5];
      const step = rand() < 0.01 ? 0 : steps[int(0, steps.length - 1)];
      items.push({ s: [rand() < 0.3 ? null : int(-n - 3, n + 3), rand() < 0.3 ? null : int(-n - 3, n + 3), step] });
    }
    axis++;
  }
  return items;
}

function makeSelections(): Selection[] {
  const rand = seededRandom(20240611);
  const out: Selection[] = [];
  for (const spec of ARRAYS) {
    for (const form of ['array', 'string'] as const) {
      for (let k = 0; k < PER_ARRAY_AND_FORM; k++) {
        const chain = [randomItems(rand, spec.shape.length, form === 'array')];
        // A quarter select again from the selection, with a chain of lazy views.
        if (rand() < 0.25) chain.push(randomItems(rand, spec.shape.length, form === 'array'));
        out.push({ array: spec.name, chain, form });
      }
    }
  }
  return out;
}

function toArrayForm(items: Item[]): unknown[] {
  return items.map((it) => {
    if (it === null || it === '...') return it;
    if (it === 'newaxis') return newaxis;
    if ('i' in it) return it.i;
    return slice(it.s[0], it.s[1], it.s[2]);
  });
}

function toStringForm(items: Item[]): string {
  return items.map((it) => {
    if (it === null) return ':';
    if (it === '...') return '...';
    if (it === 'newaxis') throw new Error('newaxis has no string form here');
    if ('i' in it) return String(it.i);
    const [a, b, c] = it.s;
    return `${a ?? ''}:${b ?? ''}${c === null ? '' : `:${c}`}`;
  }).join(', ');
}

const selections = makeSelections();
let dir: string;
let results: Result[];
let resultBytes: Buffer;

beforeAll(async () => {
  dir = makeTempDir('select');
  const plan = { arrays: ARRAYS, selections };
  ({ results } = await runPythonPlan<{ results: Result[] }>('accept_select.py', 'run', path.join(dir, 'plan.json'), plan, [dir]));
  resultBytes = fs.readFileSync(path.join(dir, 'results.bin'));
}, 300_000);

afterAll(() => removeTempDir(dir));

describe.each(ARRAYS.flatMap((a) => (['array', 'string'] as const).map((f): [string, string, ArraySpec] => [a.name, f, a])))(
  'selections on %s (%s form) equal NumPy',
  (name, form, spec) => {
    test('every random selection', async () => {
      const arr = await io.read(path.join(dir, `${name}.zarr`));
      const failures: string[] = [];
      let valid = 0;
      let invalid = 0;
      for (let k = 0; k < selections.length; k++) {
        const sel = selections[k];
        if (sel.array !== name || sel.form !== form) continue;
        const r = results[k];
        const text = sel.chain.map((items) => `[${form === 'string' ? toStringForm(items) : JSON.stringify(items)}]`).join('');
        try {
          let view = arr;
          for (const items of sel.chain) {
            view = form === 'string' ? view.get(toStringForm(items)) : view.get(toArrayForm(items) as never);
          }
          const out = await view.compute();
          if ('error' in r) { failures.push(`${text}: NumPy raised ${r.error}, dyna_zarr returned shape [${out.shape}]`); continue; }
          assertNdEqual(out, { bytes: resultBytes.subarray(r.offset, r.offset + r.nbytes), shape: r.shape, dtype: spec.dtype }, text);
          valid++;
        } catch (err) {
          if ('error' in r && isDynaZarrError(err, 'ERR_ZARR_INVALID_SELECTION')) { invalid++; continue; }
          failures.push(`${text}: ${'error' in r ? `NumPy raised ${r.error}; ` : ''}${(err as { code?: string }).code ?? ''} ${(err as Error).message}`);
        }
      }
      expect(failures.slice(0, 15)).toEqual([]);
      // The generator must produce both kinds, or the test proves little.
      expect(valid).toBeGreaterThan(PER_ARRAY_AND_FORM / 2);
      expect(invalid).toBeGreaterThan(0);
    });
  },
);
