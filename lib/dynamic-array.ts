/**
 * DynamicArray: an immutable handle on a lazy graph node plus the public
 * metadata of DESIGN.md. Nothing native runs until compute(), io.write()
 * or a whole-array reduction (min/max/sum/mean without axis) is awaited.
 */
import type { Codecs } from './codecs';
import { allocate, isComplex, itemSize, type DType, type NdArray, type TypedArray } from './dtype';
import { captureCallerStack, invalidArgument, toDynaZarrError } from './errors';
import { makeView, sizeOf, type LazyNode } from './graph';
import { fromHalfBits } from './metadata/fill-value';
import { resolveSelection, Slice, type Selection } from './selection';
import type { FillValue, SourceInfo } from './source-info';
import type { Operand, Scalar } from './promotion';
import * as ops from './operations/index';
import { runComputeJob, runReduceJob } from './execute';

export interface DerivedMeta {
  chunks?: number[] | null;
  dimensionNames?: Array<string | null> | null;
  fillValue?: FillValue;
  attributes?: Record<string, unknown>;
}

export interface ComputeOptions {
  signal?: AbortSignal;
  threads?: number;
  /** Region budget in MiB (default 16); small values make many regions. */
  regionSizeMb?: number;
}

export type ReduceResult = number | bigint | [number, number] | NdArray;

export class DynamicArray {
  /** @internal The lazy graph node this array stands for. */
  readonly node: LazyNode;
  readonly chunks: number[] | null;
  readonly shards: number[] | null;
  readonly zarrFormat: 2 | 3 | null;
  readonly codecs: Codecs | null;
  readonly fillValue: FillValue;
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

  get shape(): number[] { return this.node.shape.slice(); }
  get dtype(): DType { return this.node.dtype; }
  get ndim(): number { return this.node.shape.length; }
  get size(): number { return sizeOf(this.node.shape); }
  get nbytes(): number { return this.size * itemSize(this.node.dtype); }
  get dimensionNames(): Array<string | null> | null { return this.names ? this.names.slice() : null; }

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

  // ---- fluent operations ----
  abs(): DynamicArray { return ops.abs(this); }
  sign(): DynamicArray { return ops.sign(this); }
  sqrt(): DynamicArray { return ops.sqrt(this); }
  round(decimals = 0): DynamicArray { return ops.round(this, decimals); }
  clip(lo: Operand2, hi: Operand2): DynamicArray { return ops.clip(this, lo, hi); }
  add(x: DynamicArray | Scalar): DynamicArray { return ops.add(this, x); }
  subtract(x: DynamicArray | Scalar): DynamicArray { return ops.subtract(this, x); }
  multiply(x: DynamicArray | Scalar): DynamicArray { return ops.multiply(this, x); }
  divide(x: DynamicArray | Scalar): DynamicArray { return ops.divide(this, x); }
  astype(dtype: DType): DynamicArray { return ops.astype(this, dtype); }
  expandDims(axis: number | number[]): DynamicArray { return ops.expandDims(this, axis); }
  squeeze(axis?: number | number[]): DynamicArray { return ops.squeeze(this, axis); }
  swapAxes(i: number, j: number): DynamicArray { return ops.swapAxes(this, i, j); }
  transpose(axes?: number[]): DynamicArray { return ops.transpose(this, axes); }
  get T(): DynamicArray { return ops.transpose(this); }
  reshape(shape: number[] | number): DynamicArray { return ops.reshape(this, shape); }
  flatten(): DynamicArray { return ops.flatten(this); }
  pad(widths: ops.PadWidths, options?: ops.PadOptions): DynamicArray { return ops.pad(this, widths, options); }
  tile(reps: number | number[]): DynamicArray { return ops.tile(this, reps); }
  roll(shift: number | number[], axis?: number | number[]): DynamicArray { return ops.roll(this, shift, axis); }
  flip(axis?: number | number[]): DynamicArray { return ops.flip(this, axis); }

  // ---- evaluation ----

  /** Evaluates the graph into one C-order NdArray (one native job). */
  async compute(options: ComputeOptions = {}): Promise<NdArray> {
    const callerStack = captureCallerStack();
    try {
      return await runComputeJob(this.node, { ...checkComputeOptions(options), align: this.chunks }, callerStack);
    } catch (err) {
      throw toDynaZarrError(err, callerStack);
    }
  }

  min(axis?: number | number[], options?: ComputeOptions): Promise<ReduceResult> { return this.reduce('min', axis, options); }
  max(axis?: number | number[], options?: ComputeOptions): Promise<ReduceResult> { return this.reduce('max', axis, options); }
  sum(axis?: number | number[], options?: ComputeOptions): Promise<ReduceResult> { return this.reduce('sum', axis, options); }
  mean(axis?: number | number[], options?: ComputeOptions): Promise<ReduceResult> { return this.reduce('mean', axis, options); }

  private async reduce(op: 'min' | 'max' | 'sum' | 'mean', axis: number | number[] | undefined, options: ComputeOptions = {}): Promise<ReduceResult> {
    const callerStack = captureCallerStack();
    try {
      const lazy = ops[op](this, axis);
      const opts = checkComputeOptions(options);
      if (axis !== undefined) return await runComputeJob(lazy.node, opts, callerStack);
      // Whole array: the engine folds every region into one value (reduce sink).
      const input = lazy.node.kind === 'reduce' ? lazy.node.input : lazy.node;
      let out: TypedArray;
      if (sizeOf(input.shape) === 0) {
        out = allocate(input.dtype, 1); // sum of nothing is 0; mean of nothing is NaN (min/max threw above)
        if (op === 'mean') out.set([input.dtype === 'float16' ? 0x7e00 : NaN] as never);
      } else {
        out = await runReduceJob(input, op, { ...opts, align: this.chunks }, callerStack);
      }
      return scalarOf(out, lazy.dtype);
    } catch (err) {
      throw toDynaZarrError(err, callerStack);
    }
  }
}

type Operand2 = DynamicArray | Scalar | null;
export type { Operand };

function checkComputeOptions(options: unknown): ComputeOptions {
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

/** One element of `data` (dtype) as a JS value: bigint for 64-bit ints, [re, im] for complex. */
function scalarOf(data: TypedArray, dtype: DType): number | bigint | [number, number] {
  if (isComplex(dtype)) return [Number(data[0]), Number(data[1])];
  if (dtype === 'float16') return fromHalfBits(Number(data[0]));
  return data[0];
}

