/**
 * DynamicArray: an immutable handle on a lazy graph node plus the public
 * metadata of DESIGN.md. Nothing native runs until compute(), io.write()
 * or a fluent reduction (a.sum(), a.histogram(), a.unique() …) is awaited.
 *
 * The class holds the node, the metadata, the getters, selection and
 * compute(); the fluent operations (a.abs(), a.add(b), a.T, a.sum() …) are
 * installed on its prototype by lib/operations/fluent.ts, which lib/index.ts
 * loads, so this module needs no operation and the operations can import it
 * without an import cycle.
 */
import type { Codecs } from './codecs/codecs';
import { itemSize, type DType, type NdArray } from './dtype';
import { captureCallerStackLazily, invalidArgument, publicError } from './errors';
import { makeView, sizeOf, type LazyNode } from './graph/nodes';
import { resolveSelection, Slice, type Selection } from './graph/selection';
import type { FillValue, SourceInfo } from './source-info';
import { runComputeJob } from './job/execute';

export interface DerivedMeta {
  chunks?: number[] | null;
  dimensionNames?: Array<string | null> | null;
  fillValue?: FillValue;
  attributes?: Record<string, unknown>;
}

/** Options of compute() and of the evaluated reductions. */
export interface ComputeOptions {
  /** Aborts the job (ERR_ZARR_ABORTED). */
  signal?: AbortSignal;
  /** Engine threads (default: the number of cores). */
  threads?: number;
  /** Region budget in MiB (default 16); small values make many regions. */
  regionSizeMb?: number;
}

/** What an evaluated reduction gives: a number (bigint for 64-bit integers, 0/1 for bool, [re, im] for complex), or an NdArray along axes. */
export type ReduceResult = number | bigint | [number, number] | NdArray;

/**
 * A lazy N-dimensional array: a TIFF or Zarr source, an in-memory array, or an expression over them. Selections and
 * operations build a graph and return new arrays at once; compute(), io.write() or an evaluated reduction hands the
 * whole graph to the native engine, which reads only the chunks it needs, region by region.
 * @example
 * ```ts
 * const a = await io.read('volume.zarr');                 // nothing read yet
 * const b = a.get('10:20, :, ::2').astype('float32').sqrt();
 * const { data, shape } = await b.compute();              // one native job
 * const total = await a.sum();                            // evaluated at once
 * ```
 */
export class DynamicArray {
  /** @internal The lazy graph node this array stands for. */
  readonly node: LazyNode;
  /** Chunk shape of the source (null when it has none). */
  readonly chunks: number[] | null;
  /** Shard shape of a sharded Zarr v3 source, else null. */
  readonly shards: number[] | null;
  /** Zarr format of the source; null for TIFF, in-memory and derived arrays. */
  readonly zarrFormat: 2 | 3 | null;
  /** The source's codecs; null for TIFF, in-memory and derived arrays. */
  readonly codecs: Codecs | null;
  /** The source's fill value. */
  readonly fillValue: FillValue;
  /** The source's user attributes. */
  readonly attributes: Record<string, unknown>;
  private readonly names: Array<string | null> | null;

  /** @internal Use io.read, fromArray or the operations. */
  constructor(node: LazyNode, meta: {
    chunks: number[] | null; shards: number[] | null; zarrFormat: 2 | 3 | null; codecs: Codecs | null;
    fillValue: FillValue; attributes: Record<string, unknown>; dimensionNames: Array<string | null> | null;
  }) {
    this.node = node;
    this.chunks = meta.chunks;
    this.shards = meta.shards;
    this.zarrFormat = meta.zarrFormat;
    this.codecs = meta.codecs;
    this.fillValue = meta.fillValue;
    this.attributes = meta.attributes;
    this.names = meta.dimensionNames;
  }

  /** @internal What io.read builds an array from. */
  static fromSource(info: SourceInfo): DynamicArray {
    const node: LazyNode = { kind: 'source', info, shape: info.shape.slice(), dtype: info.dtype };
    return new DynamicArray(node, {
      chunks: info.chunks ? info.chunks.slice() : null, shards: info.shards ? info.shards.slice() : null,
      zarrFormat: info.zarrFormat, codecs: info.codecs, fillValue: info.fillValue,
      attributes: info.attributes ?? {}, dimensionNames: info.dimensionNames,
    });
  }

  /** @internal A derived array: zarrFormat, codecs and shards are null. */
  static derived(node: LazyNode, meta: DerivedMeta = {}): DynamicArray {
    const chunks = meta.chunks && meta.chunks.length === node.shape.length ? meta.chunks : null;
    const names = meta.dimensionNames && meta.dimensionNames.length === node.shape.length ? meta.dimensionNames : null;
    return new DynamicArray(node, {
      chunks, shards: null, zarrFormat: null, codecs: null, fillValue: meta.fillValue ?? null,
      attributes: meta.attributes ?? {}, dimensionNames: names,
    });
  }

  /** Length of each axis. */
  get shape(): number[] { return this.node.shape.slice(); }
  /** Element type. */
  get dtype(): DType { return this.node.dtype; }
  /** Number of axes. */
  get ndim(): number { return this.node.shape.length; }
  /** Number of elements. */
  get size(): number { return sizeOf(this.node.shape); }
  /** Bytes the computed array takes. */
  get nbytes(): number { return this.size * itemSize(this.node.dtype); }
  /** One name (or null) per axis, null when unnamed. */
  get dimensionNames(): Array<string | null> | null { return this.names ? this.names.slice() : null; }

  /** A one-line description, e.g. 'DynamicArray<float32>[512, 512]'. */
  toString(): string {
    return `DynamicArray<${this.dtype}>[${this.shape.join(', ')}]`;
  }

  // ---- selection ----

  /** NumPy basic indexing (array form or string form); lazy. */
  get(selection: Selection): DynamicArray {
    const r = resolveSelection(selection, this.node.shape);
    const node = makeView(this.node, r.shape, r.axes, r.fixed);
    const pick = <T>(list: T[] | null, fresh: T): T[] | null => (list ? r.inputAxis.map((a) => (a < 0 ? fresh : list[a])) : null);
    return DynamicArray.derived(node, {
      chunks: pick(this.chunks, 1), dimensionNames: pick(this.names, null),
      fillValue: this.fillValue, attributes: this.attributes,
    });
  }

  /** a[start:stop:step] along the first axis, as Python's slice. */
  slice(start?: number | null, stop?: number | null, step?: number | null): DynamicArray {
    return this.get([new Slice(start ?? null, stop ?? null, step ?? null)]);
  }

  // ---- evaluation ----

  /** Evaluates the graph into one C-order NdArray (one native job). */
  async compute(options: ComputeOptions = {}): Promise<NdArray> {
    const callerStack = captureCallerStackLazily();
    try {
      // The caller's stack is put on errors here, once (a tile server calls this thousands of times a second).
      return await runComputeJob(this.node, { ...checkComputeOptions(options), align: this.chunks }, '');
    } catch (err) {
      throw publicError(err, callerStack());
    }
  }
}

/** Checks compute()/reduction options (unknown keys, types) as the contract asks. */
export function checkComputeOptions(options: unknown): ComputeOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw invalidArgument(`compute options must be an object, got ${typeof options}`);
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['signal', 'threads', 'regionSizeMb'].includes(key)) throw invalidArgument(`unknown compute option "${key}"`);
  }
  if (o.threads !== undefined && !(Number.isInteger(o.threads) && (o.threads as number) >= 1)) {
    throw invalidArgument(`threads must be a positive integer, got ${String(o.threads)}`);
  }
  if (o.regionSizeMb !== undefined && !(typeof o.regionSizeMb === 'number' && o.regionSizeMb > 0)) {
    throw invalidArgument(`regionSizeMb must be a positive number, got ${String(o.regionSizeMb)}`);
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw invalidArgument('signal must be an AbortSignal');
  return o as ComputeOptions;
}
