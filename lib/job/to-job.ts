/**
 * Serialises a lazy graph into the one plain JobSpec of lib/job/job-spec.ts:
 * nodes in topological order (inputs first), each shared sub-node emitted
 * once, sources deduplicated by identity (the same SourceInfo, or the same
 * memory buffer, is opened once), memory buffers listed in `buffers`.
 */
import type { DynamicArray } from '../dynamic-array';
import { DynaZarrError } from '../errors';
import { inputsOf, type LazyNode } from '../graph/nodes';
import type { JobSpec, NodeSpec, SinkSpec, SourceSpec } from './job-spec';
import type { SourceInfo } from '../source-info';

export function toJob(root: DynamicArray, sink: SinkSpec, regionShape: number[], threads: number, regionSizeMb?: number): { spec: JobSpec; buffers: ArrayBufferView[] } {
  return toJobFromNode(root.node, sink, regionShape, threads, regionSizeMb);
}

export function toJobFromNode(rootNode: LazyNode, sink: SinkSpec, regionShape: number[], threads: number, regionSizeMb?: number): { spec: JobSpec; buffers: ArrayBufferView[] } {
  const sources: SourceSpec[] = [];
  const buffers: ArrayBufferView[] = [];
  const sourceIndex = new Map<SourceInfo | ArrayBufferView, number>();
  const bufferIndex = new Map<ArrayBufferView, number>();
  const nodes: NodeSpec[] = [];
  const index = new Map<LazyNode, number>();

  const addSource = (info: SourceInfo): number => {
    const key = info.spec.kind === 'memory' && info.buffer ? info.buffer : info;
    const known = sourceIndex.get(key);
    if (known !== undefined) return known;
    let spec = info.spec;
    if (spec.kind === 'memory') {
      const buffer = info.buffer as ArrayBufferView;
      let b = bufferIndex.get(buffer);
      if (b === undefined) {
        b = buffers.length;
        buffers.push(buffer);
        bufferIndex.set(buffer, b);
      }
      spec = { ...spec, buffer: b };
    }
    sources.push(spec);
    sourceIndex.set(key, sources.length - 1);
    return sources.length - 1;
  };

  const emit = (node: LazyNode): NodeSpec => {
    const ref = (n: LazyNode): number => index.get(n) as number;
    const base = { shape: node.shape.slice(), dtype: node.dtype };
    switch (node.kind) {
      case 'source': return { kind: 'source', source: addSource(node.info), ...base };
      case 'view': return { kind: 'view', input: ref(node.input), axes: node.axes, fixed: node.fixed, ...base };
      case 'ew': {
        const args = node.args.map((a) => (a === null || typeof a === 'string' ? a : ref(a)));
        const out: NodeSpec = { kind: 'ew', op: node.op, args, ...base };
        if (node.decimals !== undefined) out.decimals = node.decimals;
        if (node.argDtypes !== undefined) out.argDtypes = node.argDtypes;
        if (node.values !== undefined) out.values = node.values;
        if (node.right !== undefined) out.right = node.right;
        return out;
      }
      case 'concat': return { kind: 'concat', inputs: node.inputs.map(ref), axis: node.axis, ...base };
      case 'reshape': return { kind: 'reshape', input: ref(node.input), ...base };
      case 'remap': {
        const out: NodeSpec = { kind: 'remap', input: ref(node.input), axes: node.axes, ...base };
        if (node.fillValue !== undefined) out.fillValue = node.fillValue;
        return out;
      }
      case 'reduce': {
        const out: NodeSpec = { kind: 'reduce', input: ref(node.input), op: node.op, axes: node.axes, ...base };
        if (node.ddof !== undefined) out.ddof = node.ddof;
        return out;
      }
      case 'median': return { kind: 'median', input: ref(node.input), axes: node.axes, ...base };
      case 'histogram': return {
        kind: 'histogram', input: ref(node.input), bins: node.bins, range: node.range, autoRange: node.autoRange ?? false, output: node.output, ...base,
      };
      case 'scan': return { kind: 'scan', input: ref(node.input), op: node.op, axis: node.axis, ...base };
      case 'constant': return { kind: 'constant', value: node.value, ...base };
      case 'random': return { kind: 'random', seed: node.seed, ...base };
      case 'map': throw new DynaZarrError('ERR_ZARR_INTERNAL', `${node.map.what}: a user-function node reached the engine unevaluated (lib/map-blocks/materialize.ts must run first)`);
      case 'coarsen': return { kind: 'coarsen', input: ref(node.input), method: node.method, factors: node.factors, ...base };
      case 'filter': return { kind: 'filter', input: ref(node.input), boundary: node.boundary, cval: node.cval, terms: node.terms, combine: node.combine, ...base };
    }
  };

  // Iterative post-order DFS: deep chains must not overflow the JS stack.
  const stack: Array<{ node: LazyNode; expanded: boolean }> = [{ node: rootNode, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (index.has(top.node)) { stack.pop(); continue; }
    if (!top.expanded) {
      top.expanded = true;
      for (const input of inputsOf(top.node)) if (!index.has(input)) stack.push({ node: input, expanded: false });
      continue;
    }
    stack.pop();
    nodes.push(emit(top.node));
    index.set(top.node, nodes.length - 1);
  }
  const spec: JobSpec = { threads, sources, nodes, root: index.get(rootNode) as number, regionShape, sink };
  if (regionSizeMb !== undefined) spec.regionBytes = Math.max(1, Math.floor(regionSizeMb * 1024 * 1024));
  return { spec, buffers };
}
