/**
 * The small-read fast path (a tile server's compute() of one tile): a source,
 * or one basic selection of it, small enough for one region, runs as that one
 * region on a source the engine opened once for this io.read. No graph
 * serialisation, no region planning, no parsing of the source's codecs per
 * read; the engine decodes straight into the returned buffer.
 */
import { itemSize } from '../dtype';
import { sizeOf, type LazyNode } from '../graph/nodes';
import type { SourceInfo } from '../source-info';
import { native } from './native';

const MIB = 1024 * 1024;
// A remote read blocks its engine thread for a round trip: let up to this
// many run at once (the engine's HTTP transfers are capped at 16 too,
// binding/core/store/http_client.cpp). A local read is CPU work: one thread.
const REMOTE_READS_IN_FLIGHT = 16;

// One engine-side open source per SourceInfo, closed when the info is collected.
const opened = new WeakMap<SourceInfo, { id: number }>();

function openedId(info: SourceInfo): number {
  let handle = opened.get(info);
  if (!handle) {
    handle = native().openSource(JSON.stringify(info.spec));
    opened.set(info, handle);
  }
  return handle.id;
}

/** The one-region job of a small plain read, as JSON; null when node is anything else. */
export function fastReadSpec(node: LazyNode, regionSizeMb: number): string | null {
  const source = node.kind === 'source' ? node : node.kind === 'view' && node.input.kind === 'source' ? node.input : null;
  if (!source || (source.info.spec.kind !== 'zarr' && source.info.spec.kind !== 'tiff')) return null;
  if (node.shape.length === 0) return null;
  const bytes = sizeOf(node.shape) * itemSize(node.dtype);
  if (bytes === 0 || bytes > regionSizeMb * MIB) return null;
  const sourceNode = `{"kind":"source","source":0,"shape":${JSON.stringify(source.shape)},"dtype":"${source.dtype}"}`;
  const nodes = node.kind === 'view'
    ? `${sourceNode},${JSON.stringify({ kind: 'view', input: 0, axes: node.axes, fixed: node.fixed, shape: node.shape, dtype: node.dtype })}`
    : sourceNode;
  // interactive: the engine runs it on its small-read pool, never behind a
  // long job; `threads` sizes that pool (the job itself is one region).
  const remote = source.info.spec.kind === 'zarr' && /^[a-z][a-z0-9+.-]*:\/\//i.test(source.info.spec.path);
  return `{"threads":${remote ? REMOTE_READS_IN_FLIGHT : 1},"interactive":true,"sources":[{"kind":"opened","id":${openedId(source.info)}}],"nodes":[${nodes}],`
    + `"root":${node.kind === 'view' ? 1 : 0},"regionShape":${JSON.stringify(node.shape)},"sink":{"kind":"compute"}}`;
}
