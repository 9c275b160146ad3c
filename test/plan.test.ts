/** The region planner: alignment, budget, growth order, edge cases (properties over many random cases). */
import { planRegions } from '../lib/job/region-plan';
import { isDynaZarrError } from '../lib/errors';

const prod = (xs: number[]): number => xs.reduce((a, b) => a * b, 1);

/** Deterministic pseudo-random numbers (LCG), so a failure is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('worked examples', () => {
  // One 1 MiB budget, uint16 (2 bytes/element), chunks 64x64: last axis completes, then rows grow by 64.
  expect(planRegions({ shape: [1000, 1000], align: [64, 64], bytesPerElement: 2, regionSizeMb: 1 })).toEqual([512, 1000]);
  // One block already exceeds the budget: the region is still one block.
  expect(planRegions({ shape: [100, 512, 512], align: [256, 256, 256], bytesPerElement: 2, regionSizeMb: 4 })).toEqual([100, 256, 256]);
  // Shards as the alignment grid.
  expect(planRegions({ shape: [50, 256, 256], align: [32, 128, 128], bytesPerElement: 4, regionSizeMb: 8 })).toEqual([32, 256, 256]);
  // Everything fits: one region.
  expect(planRegions({ shape: [7, 9, 5], align: [3, 4, 2], bytesPerElement: 8, regionSizeMb: 64 })).toEqual([7, 9, 5]);
  // The last axis stays partial when even it does not fit: earlier axes stay at one block.
  expect(planRegions({ shape: [10, 10000], align: [2, 100], bytesPerElement: 1, regionSizeMb: 1000 / 2 ** 20 })).toEqual([2, 500]);
});

test('zero-length axes and 0-d arrays', () => {
  expect(planRegions({ shape: [], align: [], bytesPerElement: 4, regionSizeMb: 1 })).toEqual([]);
  const r = planRegions({ shape: [0, 10], align: [256, 256], bytesPerElement: 1, regionSizeMb: 1 });
  expect(r.every((x) => x >= 1)).toBe(true);
  expect(planRegions({ shape: [5, 0], align: [2, 3], bytesPerElement: 1, regionSizeMb: 1 })).toEqual([2, 1]);
});

test('bad arguments', () => {
  for (const args of [
    { shape: [4], align: [0], bytesPerElement: 1, regionSizeMb: 1 },
    { shape: [4], align: [2, 2], bytesPerElement: 1, regionSizeMb: 1 },
    { shape: [-1], align: [2], bytesPerElement: 1, regionSizeMb: 1 },
    { shape: [4], align: [2], bytesPerElement: 1, regionSizeMb: 0 },
    { shape: [4], align: [2], bytesPerElement: 1, regionSizeMb: NaN },
  ]) {
    let err: unknown;
    try { planRegions(args); } catch (e) { err = e; }
    expect(isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')).toBe(true);
  }
});

test('properties over random cases', () => {
  const rand = rng(42);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  for (let t = 0; t < 3000; t++) {
    const rank = int(1, 5);
    const shape = Array.from({ length: rank }, () => int(1, 300));
    const align = shape.map(() => int(1, 80));
    const bpe = int(1, 24);
    const regionSizeMb = rand() * 0.5 + 1e-5;
    const budget = regionSizeMb * 2 ** 20;
    const r = planRegions({ shape, align, bytesPerElement: bpe, regionSizeMb });
    const block = shape.map((s, i) => Math.min(s, align[i]));
    const ctx = JSON.stringify({ shape, align, bpe, regionSizeMb, r });
    // 1. aligned: a multiple of align, or the full extent.
    r.forEach((x, i) => expect({ ctx, ok: x === shape[i] || (x % align[i] === 0 && x <= shape[i]) }).toEqual({ ctx, ok: true }));
    // 2. never smaller than one aligned block.
    r.forEach((x, i) => expect(x).toBeGreaterThanOrEqual(block[i]));
    // 3. within budget, unless it is the single minimal block.
    if (r.some((x, i) => x > block[i])) expect({ ctx, fits: prod(r) * bpe <= budget }).toEqual({ ctx, fits: true });
    // 4. growth order: an axis beyond its block implies every later axis is complete.
    const partial = r.findIndex((x, i) => x > block[i]);
    if (partial >= 0) for (let j = partial + 1; j < rank; j++) expect({ ctx, j, full: r[j] === shape[j] }).toEqual({ ctx, j, full: true });
    // 5. maximal: the first incomplete axis from the end cannot grow by one more aligned step within budget.
    let d = rank - 1;
    while (d >= 0 && r[d] === shape[d]) d--;
    if (d >= 0) {
      const grown = [...r];
      grown[d] = Math.min(shape[d], r[d] + align[d]);
      expect({ ctx, over: prod(grown) * bpe > budget }).toEqual({ ctx, over: true });
    }
  }
});

describe('planRegions contiguousBlocks (writes: each chunk C-contiguous in its region)', () => {
  it('grows only the first axis, so a 128³ chunk is one contiguous block of the region', () => {
    // 128³ × 4 bytes = 8 MiB per block: two fit 16 MiB along axis 0.
    expect(planRegions({ shape: [512, 512, 512], align: [128, 128, 128], bytesPerElement: 4, regionSizeMb: 16, contiguousBlocks: true })).toEqual([256, 128, 128]);
    // Without the option the region grows along the last axis.
    expect(planRegions({ shape: [512, 512, 512], align: [128, 128, 128], bytesPerElement: 4, regionSizeMb: 16 })).toEqual([128, 128, 256]);
  });
  it('grows axis 0 when leading blocks are planes of extent 1', () => {
    // 256 KiB per [1,256,256] block: all 32 planes (8 MiB) fit, at least half the last-axis plan [4,1024,1024].
    expect(planRegions({ shape: [32, 1024, 1024], align: [1, 256, 256], bytesPerElement: 4, regionSizeMb: 16, contiguousBlocks: true })).toEqual([32, 256, 256]);
  });
  it('keeps the last-axis plan when contiguity would need tiny regions or is impossible', () => {
    // Growing axis 0 reaches only [4,512,512] (4 MiB), less than half of the last-axis plan [1,1024,4096] (16 MiB).
    expect(planRegions({ shape: [4, 4096, 4096], align: [1, 512, 512], bytesPerElement: 4, regionSizeMb: 16, contiguousBlocks: true })).toEqual([1, 1024, 4096]);
    // A leading axis already full and > 1: no growth keeps blocks contiguous.
    expect(planRegions({ shape: [2, 512, 512], align: [2, 128, 128], bytesPerElement: 2, regionSizeMb: 0.25, contiguousBlocks: true })).toEqual([2, 128, 512]);
  });
});
