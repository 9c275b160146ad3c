/**
 * The one region planner, shared by compute(), reductions and io.write.
 *
 * A region is the box one task reads, transforms and writes. Rules:
 * 1. Every axis of the region shape is a multiple of `align[i]` (the output
 *    chunk grid, or the shard grid when sharding, so a chunk or shard is
 *    written by exactly one region, once), or the full extent of that axis.
 * 2. The region starts as one aligned block (align clamped to the extent):
 *    it is never smaller than that, even when one block exceeds the budget.
 * 3. It then grows from the last axis to the first: the last axis grows in
 *    steps of align up to the full extent; only when an axis reaches its full
 *    extent does the next (slower) axis grow. So at most one axis is partial
 *    beyond the initial block, and a region is a contiguous slab in C order
 *    whenever its trailing axes are complete.
 * 4. The budget is `regionSizeMb` MiB counted with `bytesPerElement`, the
 *    bytes held per output element (input + intermediates + output).
 * 5. Zero-length axes get region length 1 (the grid then has no regions; no
 *    division by zero downstream). A 0-d array gets [] (one region).
 * 6. When `regionBytes` is given (graphs with neighbourhood filters, whose
 *    halo makes bytes grow faster than the element count), it replaces the
 *    count: each axis takes the most aligned blocks that keep
 *    regionBytes(region) within budget, and a smallest region that does not
 *    fit is ERR_ZARR_LIMIT naming the budget it would need.
 * 7. With `contiguousBlocks` (io.write without a halo), the region grows
 *    along one axis only, the first whose block is not already its full
 *    extent, when every axis before it has extent 1: then each aligned block
 *    (chunk or shard) is C-contiguous inside the region, so a chunk is
 *    decoded straight into the region and encoded from it without a copy.
 *    That plan is used when it holds at least half the bytes of the rule-3
 *    plan (few, tiny regions cost more than the copies they save).
 * All entries of the result are integers >= 1.
 */
import { DynaZarrError, invalidArgument } from '../errors';

export interface PlanArgs {
  shape: number[];
  align: number[];
  bytesPerElement: number;
  regionSizeMb: number;
  /** Bytes one region of this shape holds (overrides bytesPerElement × elements). */
  regionBytes?: (region: number[]) => number;
  /** Prefer regions in which every aligned block is C-contiguous (rule 7). */
  contiguousBlocks?: boolean;
}

export function planRegions(args: PlanArgs): number[] {
  const { shape, align, bytesPerElement, regionSizeMb } = args;
  if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw invalidArgument(`planRegions: shape must be non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(align) || align.length !== shape.length || !align.every((a) => Number.isSafeInteger(a) && a >= 1)) {
    throw invalidArgument(`planRegions: align must be ${shape.length} positive integers, got ${JSON.stringify(align)}`);
  }
  if (!(regionSizeMb > 0) || !Number.isFinite(regionSizeMb)) {
    throw invalidArgument(`regionSizeMb must be a positive number, got ${String(regionSizeMb)}`);
  }
  if (!(bytesPerElement > 0)) throw invalidArgument(`planRegions: bytesPerElement must be positive, got ${bytesPerElement}`);
  const budget = regionSizeMb * 1024 * 1024;
  const region = shape.map((s, i) => Math.max(1, Math.min(align[i], s)));
  if (shape.some((s) => s === 0)) return region;
  if (args.regionBytes) return planByBytes(shape, align, region, budget, args.regionBytes);
  const bytes = (r: number[]): number => r.reduce((p, x) => p * x, bytesPerElement);
  const slab = args.contiguousBlocks ? contiguousPlan(shape, align, [...region], budget, bytes) : null;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (region[d] < shape[d]) {
      // Largest count of aligned blocks along d that keeps the region in budget.
      // The full extent when it fits (it need not be a multiple of align), else
      // the largest count of aligned blocks along d that keeps the region in budget.
      const others = bytes(region) / region[d];
      if (others * shape[d] <= budget) {
        region[d] = shape[d];
      } else {
        const blocks = Math.floor(budget / others / align[d]);
        region[d] = Math.min(shape[d], Math.max(region[d], blocks * align[d]));
      }
    }
    if (region[d] < shape[d]) break;
  }
  return slab && 2 * bytes(slab) >= bytes(region) ? slab : region;
}

// Rule 7: grow only the first axis not yet full, if all axes before it are 1.
function contiguousPlan(shape: number[], align: number[], region: number[], budget: number, bytes: (r: number[]) => number): number[] | null {
  const d = region.findIndex((r, i) => r < shape[i]);
  if (d < 0) return region;
  if (region.slice(0, d).some((r) => r !== 1)) return null;
  const others = bytes(region) / region[d];
  const blocks = Math.floor(budget / others / align[d]);
  region[d] = Math.min(shape[d], Math.max(region[d], blocks * align[d]));
  return region;
}

function planByBytes(shape: number[], align: number[], region: number[], budget: number, regionBytes: (r: number[]) => number): number[] {
  const need = regionBytes(region);
  if (need > budget) {
    const mb = Math.ceil((need / (1024 * 1024)) * 100) / 100;
    throw new DynaZarrError('ERR_ZARR_LIMIT', `a region of [${region.join(', ')}] with its filter halo needs ${need} bytes, more than the regionSizeMb budget of ${budget} bytes; pass regionSizeMb >= ${mb}`);
  }
  for (let d = shape.length - 1; d >= 0; d--) {
    const fits = (len: number): boolean => regionBytes(region.map((r, i) => (i === d ? len : r))) <= budget;
    if (fits(shape[d])) {
      region[d] = shape[d];
    } else {
      // The most aligned blocks along d that fit (bytes grow with the length: a binary search).
      let lo = Math.max(1, Math.floor(region[d] / align[d]));
      let hi = Math.floor(shape[d] / align[d]);
      while (lo < hi) {
        const mid = Math.floor((lo + hi + 1) / 2);
        if (fits(mid * align[d])) lo = mid; else hi = mid - 1;
      }
      region[d] = Math.min(shape[d], Math.max(region[d], lo * align[d]));
    }
    if (region[d] < shape[d]) break;
  }
  return region;
}
