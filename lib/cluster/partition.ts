/**
 * A cluster write as partitions. The write's job spec (lib/write/write.ts
 * planWriteJob) tiles the output with shard-aligned regions; a partition is
 * a run of consecutive regions of that grid (`regionRange`), so each chunk
 * or shard belongs to exactly one partition. A partition travels as plain
 * JSON: sources by path, no memory buffers, no JavaScript.
 */
import { invalidArgument } from '../errors';
import { allNodes, type LazyNode } from '../graph/nodes';
import type { JobSpec } from '../job/job-spec';

/** What one BullMQ job carries. */
export interface PartitionJob {
  version: 1;
  /** Identifies the write (its staging folder is spec.sink.path). */
  writeId: string;
  index: number;
  count: number;
  /** The whole write's job, restricted to this partition by regionRange; threads is set by the worker. */
  spec: JobSpec;
  /** A thread cap asked for by the write (threads or memoryBudgetMb), else null: the worker's budget. */
  threadCap: number | null;
}

/** Refuses graphs that cannot be sent to another machine. */
export function checkPortable(root: LazyNode, what: string): void {
  for (const node of allNodes(root)) {
    if (node.kind === 'map') {
      throw invalidArgument(`${what}: ${node.map.what} runs a JavaScript function, which cannot be sent to cluster workers; write its result with io.write, or express it with built-in operations`);
    }
    if (node.kind === 'source' && node.info.spec.kind === 'memory') {
      throw invalidArgument(`${what}: an in-memory array (fromArray) cannot be sent to cluster workers; write it to a Zarr array on shared storage first`);
    }
  }
}

export function regionCount(spec: JobSpec): number {
  const root = spec.nodes[spec.root];
  return root.shape.reduce((n, s, i) => n * Math.ceil(s / spec.regionShape[i]), 1);
}

/** [0, count) cut into `partitions` runs of consecutive regions (at most count of them), sizes differing by at most one. */
export function splitRegions(count: number, partitions: number): Array<[number, number]> {
  const n = Math.min(count, partitions);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) out.push([Math.floor((i * count) / n), Math.floor(((i + 1) * count) / n)]);
  return out;
}
