/**
 * Which part of each user-function node a job reads, so only the blocks
 * meeting it are computed (a small window of a filtered image runs the
 * function on a few blocks, not on all of them). For every node a few boxes
 * covering the elements the root needs, propagated from the root to the
 * inputs (beyond MAX_BOXES, their bounding box); always conservative: a node
 * kind without a rule here (and reshape, remap) needs its inputs whole.
 */
import { inputsOf, type LazyNode } from '../graph/nodes';
import { boundaryIndex } from './halo';

/** Per axis [lo, hi); null: nothing needed. */
export type Box = Array<[number, number]> | null;

const whole = (node: LazyNode): Box => node.shape.map((n): [number, number] => [0, n]);

const MAX_BOXES = 32;

function boundingBox(boxes: Array<Array<[number, number]>>): Array<[number, number]> {
  return boxes[0].map((_, k): [number, number] => [Math.min(...boxes.map((b) => b[k][0])), Math.max(...boxes.map((b) => b[k][1]))]);
}

function add(list: Array<Array<[number, number]>>, box: Box): Array<Array<[number, number]>> {
  if (box === null || box.some(([lo, hi]) => lo >= hi)) return list;
  const inside = (a: Array<[number, number]>, b: Array<[number, number]>): boolean => a.every(([lo, hi], k) => lo >= b[k][0] && hi <= b[k][1]);
  if (list.some((b) => inside(box, b))) return list;
  const out = [...list.filter((b) => !inside(b, box)), box];
  return out.length > MAX_BOXES ? [boundingBox(out)] : out;
}

/** The boxes of `node`'s inputs (in inputsOf order) that `box` of its output reads. */
function inputBoxes(node: LazyNode, box: Array<[number, number]>): Box[] {
  switch (node.kind) {
    case 'ew': return inputsOf(node).map(() => box);
    case 'view': {
      const need: Box = node.input.shape.map((n, i): [number, number] => (node.fixed[i] !== null ? [node.fixed[i] as number, (node.fixed[i] as number) + 1] : [n, 0]));
      node.axes.forEach((ax, j) => {
        if (ax.input < 0) return;
        const [lo, hi] = box[j];
        const a = ax.start + ax.step * lo;
        const b = ax.start + ax.step * (hi - 1);
        const cur = need[ax.input];
        need[ax.input] = [Math.min(cur[0], a, b), Math.max(cur[1], Math.max(a, b) + 1)];
      });
      // An input axis neither fixed nor mapped (not produced by makeView): all of it.
      return [need.map(([lo, hi], i): [number, number] => (lo >= hi ? [0, node.input.shape[i]] : [lo, hi]))];
    }
    case 'concat': {
      let offset = 0;
      return node.inputs.map((input) => {
        const n = input.shape[node.axis];
        const lo = Math.max(box[node.axis][0] - offset, 0);
        const hi = Math.min(box[node.axis][1] - offset, n);
        offset += n;
        if (lo >= hi) return null;
        return box.map((r, k): [number, number] => (k === node.axis ? [lo, hi] : r));
      });
    }
    case 'reduce': {
      const kept = node.input.shape.map((_, i) => i).filter((i) => !node.axes.includes(i));
      return [node.input.shape.map((n, i): [number, number] => (node.axes.includes(i) ? [0, n] : box[kept.indexOf(i)]))];
    }
    case 'map': {
      const { blocks, depth, boundary } = node.map;
      return [box.map(([lo, hi], k): [number, number] => {
        const n = node.input.shape[k];
        const from = Math.floor(lo / blocks[k]) * blocks[k] - depth[k];
        const to = Math.min(Math.ceil(hi / blocks[k]) * blocks[k], n) + depth[k];
        if (from >= 0 && to <= n) return [from, to];
        let min = n;
        let max = -1;
        for (let i = from; i < to; i++) {
          const f = boundaryIndex(i, n, boundary);
          if (f >= 0) { min = Math.min(min, f); max = Math.max(max, f); }
        }
        return max < 0 ? [0, 0] : [min, max + 1];
      })];
    }
    default: return inputsOf(node).map(whole);
  }
}

/** The needed boxes of every node of the graph under `root` (the root: all of it; none: an empty list). */
export function neededBoxes(root: LazyNode, order: LazyNode[]): Map<LazyNode, Array<Array<[number, number]>>> {
  const need = new Map<LazyNode, Array<Array<[number, number]>>>([[root, add([], whole(root))]]);
  // `order` lists inputs before their users: walk it backwards, users first.
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k];
    const inputs = inputsOf(node);
    for (const box of need.get(node) ?? []) {
      inputBoxes(node, box).forEach((b, i) => need.set(inputs[i], add(need.get(inputs[i]) ?? [], b)));
    }
  }
  return need;
}
