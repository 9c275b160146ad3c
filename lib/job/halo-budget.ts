/**
 * The region budget of graphs with neighbourhood filters. A filter's output
 * box needs its input over the box grown by the halo, so the bytes a region
 * holds are no longer proportional to its element count: they are counted
 * here by following one region's box down the graph (each node's box, the
 * filter's grown input box and its double working buffers), for the planner
 * to size regions by (lib/plan/region-plan.ts `regionBytes`).
 */
import { itemSize } from '../dtype';
import { allNodes, inputsOf, sizeOf, type FilterLazy, type LazyNode } from '../graph/nodes';

/** Per axis, the elements before and after a box that a filter reads (the most any of its terms reads). */
export function filterHalo(node: FilterLazy): { lo: number[]; hi: number[] } {
  const n = node.shape.length;
  const lo = Array<number>(n).fill(0);
  const hi = Array<number>(n).fill(0);
  for (const term of node.terms) {
    const tlo = Array<number>(n).fill(0);
    const thi = Array<number>(n).fill(0);
    for (const p of term.passes) {
      const add = (axis: number, size: number, origin: number): void => {
        tlo[axis] += Math.floor(size / 2) + origin;
        thi[axis] += size - 1 - Math.floor(size / 2) - origin;
      };
      if ('axis' in p) add(p.axis, p.size, p.origin);
      else p.window.forEach((size, axis) => add(axis, size, p.origin[axis]));
    }
    for (let i = 0; i < n; i++) {
      lo[i] = Math.max(lo[i], tlo[i]);
      hi[i] = Math.max(hi[i], thi[i]);
    }
  }
  return { lo, hi };
}

function hasFilter(root: LazyNode): boolean {
  return allNodes(root).some((node) => node.kind === 'filter');
}

/** The box (per-axis counts) of `input` that `node` reads for an output box of `counts`. */
function inputCounts(node: LazyNode, input: LazyNode, counts: number[]): number[] {
  const ins = input.shape;
  switch (node.kind) {
    case 'filter': {
      const { lo, hi } = filterHalo(node);
      return counts.map((c, i) => Math.min(ins[i], c + lo[i] + hi[i]));
    }
    case 'reduce': {
      const out: number[] = [];
      for (let i = 0, j = 0; i < ins.length; i++) out.push(node.axes.includes(i) ? ins[i] : Math.min(ins[i], counts[j++]));
      return out;
    }
    case 'view': {
      const out = ins.map(() => 1);
      node.axes.forEach((ax, j) => {
        if (ax.input >= 0 && ax.step !== 0) out[ax.input] = Math.min(ins[ax.input], counts[j]);
      });
      return out;
    }
    default: {
      if (ins.length === counts.length) {
        // Same rank: the same box, or proportionally more where the input is longer (downsampling).
        return counts.map((c, i) => (ins[i] > node.shape[i] ? Math.min(ins[i], Math.ceil((c * ins[i]) / Math.max(1, node.shape[i]))) : Math.min(ins[i], c)));
      }
      // Rank changes (reshape): as many elements, laid out from the last axis.
      let rest = sizeOf(counts);
      const out = ins.map(() => 1);
      for (let i = ins.length - 1; i >= 0 && rest > 1; i--) {
        out[i] = Math.min(ins[i], rest);
        rest = Math.ceil(rest / out[i]);
      }
      return out;
    }
  }
}

/**
 * Bytes one region of `region` (root counts) holds, when the graph has a
 * filter; null otherwise (the planner then uses bytesPerRootElement).
 */
export function haloRegionBytes(root: LazyNode): ((region: number[]) => number) | null {
  if (!hasFilter(root)) return null;
  return (region: number[]): number => {
    const boxes = new Map<LazyNode, number[]>();
    const stack: Array<[LazyNode, number[]]> = [[root, region.map((r, i) => Math.min(r, root.shape[i]))]];
    while (stack.length > 0) {
      const [node, counts] = stack.pop() as [LazyNode, number[]];
      const seen = boxes.get(node);
      if (seen && seen.every((s, i) => s >= counts[i])) continue;
      const merged = seen ? seen.map((s, i) => Math.max(s, counts[i])) : counts;
      boxes.set(node, merged);
      for (const input of inputsOf(node)) stack.push([input, inputCounts(node, input, merged)]);
    }
    let total = 0;
    for (const [node, counts] of boxes) {
      total += itemSize(node.dtype) * sizeOf(counts);
      if (node.kind === 'filter') {
        // The grown input (boundary included) in its dtype, and the double buffers
        // (one; or two, plus two box-sized, when terms combine).
        const { lo, hi } = filterHalo(node);
        const full = sizeOf(counts.map((c, i) => c + lo[i] + hi[i]));
        const several = node.terms.length > 1 || node.combine !== 'none';
        total += full * itemSize(node.input.dtype) + 8 * (several ? 2 * full + 2 * sizeOf(counts) : full);
      }
    }
    return Math.max(1, total);
  };
}
