/**
 * io.createSink: a Zarr array written block by block. Blocks land in
 * in-memory buffers of the stored grid (chunks, or whole shards); a buffer
 * is encoded and written by the engine (a native write job over that one
 * buffer as an in-memory source, into a scratch folder, then renamed to its
 * key) as soon as every element of it has arrived, so each chunk or shard
 * is written once. close() writes the incomplete ones (untouched elements
 * are the fill value; buffers never touched are not written at all), then
 * the metadata, and puts the staging folder in place as io.write does.
 *
 * An s3:// sink encodes the same way into a local scratch folder and PUTs
 * each finished chunk (shard) object at its key; close() removes what an
 * earlier array left and PUTs the metadata last, in the order and with the
 * overwrite rules of io.write to S3 (lib/write/remote-write.ts).
 */
import os from 'node:os';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Codecs } from '../codecs/codecs';
import { isDType, itemSize, typedArrayMatches, type DType, type NdArray } from '../dtype';
import { DynaZarrError, captureCallerStack, invalidArgument, publicError } from '../errors';
import { fromArray } from '../from-array';
import { normalizeSelection, Slice, type Selection } from '../graph/selection';
import type { WriteSink } from '../job/job-spec';
import { runJob } from '../job/run-job';
import { toJobFromNode } from '../job/to-job';
import { zeros } from '../operations/creation';
import { statIfExists, toLocalPath } from '../read/paths';
import { ioError, moveIntoPlace, recoverInterrupted, stagingPath, syncPath, writeFileDurably } from './replace';
import { checkWriteOptions } from './write-options';
import { checkStorageOptions, joinRemote, remoteDelete, remotePutBytes, remoteUrl, type StorageOptions } from '../store/remote';
import { isMetadataKey, listForOverwrite } from './remote-write';
import { planLayout, replaceable, sinkFor, type Layout } from './write';

/** Options of io.createSink: the array's shape and dtype, and io.write's layout options. */
export interface SinkOptions {
  /** Shape of the array to write. */
  shape: number[];
  /** Its dtype. */
  dtype: DType;
  /** Chunk shape (default: about 1–4 MiB per chunk). */
  chunks?: number[];
  /** Zarr v3: chunks per shard along each axis. */
  shardCoefficients?: number[];
  /** The codecs (default blosc lz4); null: uncompressed. */
  compressor?: Codecs | null;
  /** 2 or 3 (default 3). */
  zarrFormat?: 2 | 3;
  /** Fill value: what elements never written read as (default 0). */
  fillValue?: number | bigint | boolean | [number, number] | null;
  /** Replace an existing target when closed; default false: ERR_ZARR_EXISTS. */
  overwrite?: boolean;
  /** One name (or null) per axis. */
  dimensionNames?: Array<string | null>;
  /** User attributes stored with the array. */
  attributes?: Record<string, unknown>;
  /** Remote storage is not supported yet; accepted and checked only. */
  storageOptions?: Record<string, unknown>;
  /** Cap on the bytes held in incomplete chunk (shard) buffers; default 512 MiB. */
  memoryBudgetMb?: number;
}

export const DEFAULT_SINK_BUDGET_MB = 512;

const SINK_KEYS = ['shape', 'dtype', 'chunks', 'shardCoefficients', 'compressor', 'zarrFormat', 'fillValue', 'overwrite',
  'dimensionNames', 'attributes', 'storageOptions', 'memoryBudgetMb'];

/** One chunk (shard) of the stored grid being filled. */
interface Pending {
  bytes: Uint8Array;
  /** Boxes already written into it, clipped to it (global coordinates): overlap is refused. */
  boxes: Array<[number[], number[]]>;
  covered: number;
  needed: number;
}

type Box = [number[], number[]];

const volume = ([lo, hi]: Box): number => lo.reduce((p, l, i) => p * (hi[i] - l), 1);
const intersect = (a: Box, b: Box): Box | null => {
  const lo = a[0].map((l, i) => Math.max(l, b[0][i]));
  const hi = a[1].map((h, i) => Math.min(h, b[1][i]));
  return lo.every((l, i) => l < hi[i]) ? [lo, hi] : null;
};

function checkSinkOptions(options: unknown): { o: SinkOptions; budget: number } {
  if (!options || typeof options !== 'object' || Array.isArray(options)) throw invalidArgument('io.createSink: options { shape, dtype, … } are required');
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!SINK_KEYS.includes(key)) throw invalidArgument(`io.createSink: unknown option "${key}" (known: ${SINK_KEYS.join(', ')})`);
  }
  if (!Array.isArray(o.shape) || !o.shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw invalidArgument(`io.createSink: shape must be a list of non-negative integers, got ${JSON.stringify(o.shape)}`);
  }
  if (!isDType(o.dtype)) throw invalidArgument(`io.createSink: dtype ${JSON.stringify(o.dtype)} is not one of the supported data types`);
  checkStorageOptions(o.storageOptions, 'io.createSink');
  const mb = o.memoryBudgetMb ?? DEFAULT_SINK_BUDGET_MB;
  if (!(typeof mb === 'number' && Number.isFinite(mb) && mb > 0)) throw invalidArgument(`io.createSink: memoryBudgetMb must be a positive number, got ${String(mb)}`);
  const { shape: _s, dtype: _d, storageOptions: _so, memoryBudgetMb: _m, ...rest } = o;
  checkWriteOptions(rest);
  return { o: o as unknown as SinkOptions, budget: mb * 2 ** 20 };
}

/**
 * A Zarr array written block by block (io.createSink): each chunk or shard is encoded and written once, as soon as
 * all of it has arrived; close() writes the rest and puts the array in place.
 * @example
 * ```ts
 * const sink = await io.createSink('out.zarr', { shape: [1024, 1024], dtype: 'float32', chunks: [256, 256] });
 * await sink.write([slice(0, 256), slice(0, 256)], block); // block: an NdArray of 256 × 256 float32
 * await sink.close();
 * ```
 */
export class Sink {
  /** The target folder. */
  readonly path: string;
  /** Shape of the array. */
  readonly shape: number[];
  /** Its dtype. */
  readonly dtype: DType;
  /** Chunk shape. */
  readonly chunks: number[];
  /** Shard shape, null without sharding. */
  readonly shards: number[] | null;
  /** Zarr format being written. */
  readonly zarrFormat: 2 | 3;
  private readonly layout: Layout;
  private readonly spec: WriteSink;
  private readonly staging: string;
  private readonly overwrite: boolean;
  private readonly budget: number;
  /** The stored grid: shards when sharded, else chunks. */
  private readonly block: number[];
  private readonly gridShape: number[];
  private readonly fill: Uint8Array;
  private readonly pending = new Map<number, Pending>();
  private readonly done = new Set<number>();
  private readonly inFlight = new Set<Promise<void>>();
  private held = 0;
  /** Folders chunk files were renamed into: synced at close so the renames are durable. */
  private readonly folders = new Set<string>();
  private scratch = 0;
  private state: 'open' | 'closing' | 'closed' | 'aborted' = 'open';
  /** s3:// sinks: the options, what was under the prefix at open, and the keys PUT since. */
  private readonly remote: { storage: StorageOptions | undefined; prior: string[]; put: Set<string> } | null;
  private failure: unknown = null;

  /** @internal Use io.createSink. */
  constructor(dest: string, layout: Layout, format: 2 | 3, overwrite: boolean, budget: number, remote: { storage: StorageOptions | undefined } | null = null) {
    this.path = dest;
    this.layout = layout;
    this.shape = layout.shape;
    this.dtype = layout.dtype;
    this.chunks = layout.chunks;
    this.shards = layout.shards;
    this.zarrFormat = format;
    this.overwrite = overwrite;
    this.budget = budget;
    this.remote = remote ? { storage: remote.storage, prior: [], put: new Set() } : null;
    // A remote sink's staging is local scratch space only.
    this.staging = remote ? path.join(os.tmpdir(), path.basename(stagingPath('dz-sink'))) : stagingPath(dest);
    this.spec = sinkFor(layout, format, this.staging);
    this.block = layout.shards ?? layout.chunks;
    this.gridShape = this.shape.map((s, i) => Math.ceil(s / this.block[i]));
    const hex = this.spec.fillValue;
    this.fill = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  }

  /** @internal */
  async open(): Promise<void> {
    if (this.remote) {
      this.remote.prior = await listForOverwrite(this.path, this.remote.storage, this.overwrite, 'io.createSink');
      await remoteDelete(this.path, this.remote.prior.filter(isMetadataKey), this.remote.storage);
      await fs.mkdir(this.staging).catch((err) => { throw ioError('create the folder', this.staging, err); });
      return;
    }
    await fs.mkdir(path.dirname(this.path), { recursive: true }).catch((err) => { throw ioError('create the folder', path.dirname(this.path), err); });
    await recoverInterrupted(this.path);
    const exists = (await statIfExists(this.path)) !== null;
    if (exists && !this.overwrite) throw new DynaZarrError('ERR_ZARR_EXISTS', `io.createSink: ${this.path} already exists (pass overwrite: true to replace it)`);
    if (exists && !(await replaceable(this.path))) {
      throw new DynaZarrError('ERR_ZARR_EXISTS', `io.createSink: ${this.path} exists and is not a Zarr array, group or empty directory; refusing to replace it`);
    }
    await fs.mkdir(this.staging).catch((err) => { throw ioError('create the folder', this.staging, err); });
  }

  /** Bytes held now in incomplete (or being written) chunk buffers. */
  get heldBytes(): number { return this.held; }

  /**
   * Accepts one block. Resolves once the block is copied into the sink and
   * every chunk (shard) it completed is written to the staging folder.
   */
  async write(selection: Selection, data: NdArray): Promise<void> {
    const callerStack = captureCallerStack();
    try {
      this.checkOpen('sink.write');
      const box = this.resolve(selection);
      this.checkData(box, data);
      const bb = this.blockBytes;
      // Every check (overlap, budget) happens before any byte is copied. Chunks
      // this block completes pass through memory briefly; only the ones it
      // leaves incomplete must fit the budget next to those already held.
      let plan = this.plan(box);
      while (this.held + plan.staying * bb > this.budget) {
        if (this.inFlight.size === 0) {
          throw new DynaZarrError('ERR_ZARR_LIMIT', `sink.write: block ${describeBox(box)} leaves ${plan.staying} more chunk buffer(s) of ${bb} bytes incomplete; `
            + `with ${this.held} bytes already held that exceeds memoryBudgetMb (${this.budget / 2 ** 20} MiB): write blocks that complete chunks, or raise the budget`);
        }
        await Promise.race(this.inFlight).catch(() => undefined);
        this.checkOpen('sink.write');
        plan = this.plan(box);
      }
      // From here on no await until every chunk this block touches is claimed.
      const src = new Uint8Array(data.data.buffer, data.data.byteOffset, data.data.byteLength);
      const item = itemSize(this.dtype);
      const whole: number[] = [];
      const flushes: Array<Promise<void>> = [];
      for (const { g, part } of plan.parts) {
        let p = this.pending.get(g);
        if (!p && volume(part) === volume(this.clippedBlockBox(g))) {
          // Complete in this block alone: claimed now, buffered below as the budget allows.
          this.done.add(g);
          whole.push(g);
          continue;
        }
        if (!p) {
          p = { bytes: this.filled(bb), boxes: [], covered: 0, needed: volume(this.clippedBlockBox(g)) };
          this.pending.set(g, p);
          this.held += bb;
        }
        copyBox(src, box, p.bytes, this.blockBox(g), part, item);
        p.boxes.push(part);
        p.covered += volume(part);
        if (p.covered === p.needed) {
          this.pending.delete(g);
          this.done.add(g);
          flushes.push(this.flush(g, p.bytes));
        }
      }
      for (const g of whole) {
        while (this.held + bb > this.budget && this.inFlight.size > 0) await Promise.race(this.inFlight).catch(() => undefined);
        if (this.state === 'aborted') break;
        const bytes = this.filled(bb);
        this.held += bb;
        copyBox(src, box, bytes, this.blockBox(g), intersect(box, this.blockBox(g)) as Box, item);
        flushes.push(this.flush(g, bytes));
      }
      await Promise.all(flushes);
    } catch (err) {
      throw publicError(err, callerStack);
    }
  }

  private get blockBytes(): number { return this.block.reduce((n, b) => n * b, itemSize(this.dtype)); }

  private checkOpen(what: string): void {
    if (this.state !== 'open') throw invalidArgument(`${what}: the sink for ${this.path} is ${this.state}`);
    if (this.failure) throw this.failure;
  }

  /** The chunks a block touches (its part of each) and how many new incomplete buffers it would leave; refuses overlaps. */
  private plan(box: Box): { parts: Array<{ g: number; part: Box }>; staying: number } {
    const parts: Array<{ g: number; part: Box }> = [];
    let staying = 0;
    for (const g of this.touchedBlocks(box)) {
      if (this.done.has(g)) throw invalidArgument(`sink.write: block ${describeBox(box)} overlaps a chunk already complete and written`);
      const part = intersect(box, this.blockBox(g)) as Box;
      const p = this.pending.get(g);
      if (p?.boxes.some((b) => intersect(b, part))) throw invalidArgument(`sink.write: block ${describeBox(box)} overlaps a block written before`);
      if (!p && volume(part) < volume(this.clippedBlockBox(g))) staying++;
      parts.push({ g, part });
    }
    return { parts, staying };
  }

  /** Writes the incomplete chunks (fill value elsewhere), the metadata, and puts the array in place. */
  async close(): Promise<void> {
    const callerStack = captureCallerStack();
    try {
      if (this.state !== 'open') throw invalidArgument(`sink.close: the sink for ${this.path} is ${this.state}`);
      this.state = 'closing';
      try {
        await Promise.all([...this.inFlight]);
        if (this.failure) throw this.failure;
        const rest = [...this.pending];
        this.pending.clear();
        await Promise.all(rest.map(([g, p]) => this.flush(g, p.bytes)));
        if (this.failure) throw this.failure;
        if (this.remote) {
          // Old objects this array did not rewrite go before the metadata: no reader sees them under it.
          const { storage, prior, put } = this.remote;
          const written = new Set(this.layout.files.map(([name]) => name));
          await remoteDelete(this.path, prior.filter((k) => !put.has(k) && !written.has(k)), storage);
          for (const [name, text] of this.layout.files) await remotePutBytes(joinRemote(this.path, name), storage, Buffer.from(text, 'utf8'));
          await fs.rm(this.staging, { recursive: true, force: true }).catch(() => undefined);
          this.state = 'closed';
          return;
        }
        for (const [name, text] of this.layout.files) await writeFileDurably(path.join(this.staging, name), text);
        for (const d of this.folders) await syncPath(d);
        await syncPath(this.staging);
        await moveIntoPlace(this.staging, this.path, { overwrite: this.overwrite });
        this.state = 'closed';
      } catch (err) {
        await this.abort();
        throw err;
      }
    } catch (err) {
      throw publicError(err, callerStack);
    }
  }

  /** Drops everything: nothing of this sink stays on disk. */
  async abort(): Promise<void> {
    if (this.state === 'closed' || this.state === 'aborted') return;
    this.state = 'aborted';
    await Promise.allSettled([...this.inFlight]);
    this.pending.clear();
    this.held = 0;
    await fs.rm(this.staging, { recursive: true, force: true }).catch(() => undefined);
    if (this.remote) await remoteDelete(this.path, [...this.remote.put], this.remote.storage).catch(() => undefined);
  }

  private filled(n: number): Uint8Array {
    const out = new Uint8Array(n);
    if (this.fill.some((b) => b !== 0)) {
      out.set(this.fill, 0);
      // Doubling copies: log2(n) set() calls.
      for (let have = this.fill.length; have < n; have *= 2) out.copyWithin(have, 0, Math.min(have, n - have));
    }
    return out;
  }

  /** Encodes one chunk (shard) buffer with the engine and moves it to its key. */
  private flush(g: number, bytes: Uint8Array): Promise<void> {
    const task = (async () => {
      const scratch = path.join(this.staging, `.sink-${this.scratch++}`);
      try {
        const source = fromArray(viewAs(bytes, this.dtype), this.block.slice(), { dtype: this.dtype });
        const sink: WriteSink = { ...this.spec, path: scratch, shape: this.block.slice() };
        const { spec, buffers } = toJobFromNode(source.node, sink, this.block.slice(), 1);
        await runJob(spec, buffers, null);
        const from = path.join(scratch, keyOf(this.spec, this.block.map(() => 0)));
        if (this.remote && await statIfExists(from)) {
          const key = keyOf(this.spec, this.coords(g));
          await remotePutBytes(joinRemote(this.path, key), this.remote.storage, await fs.readFile(from));
          this.remote.put.add(key);
        } else if (await statIfExists(from)) {
          const to = path.join(this.staging, keyOf(this.spec, this.coords(g)));
          await fs.mkdir(path.dirname(to), { recursive: true }).catch((err) => { throw ioError('create the folder', path.dirname(to), err); });
          for (let d = path.dirname(to); d.length > this.staging.length; d = path.dirname(d)) this.folders.add(d);
          await fs.rename(from, to).catch((err) => { throw ioError('rename', from, err); });
        }
      } catch (err) {
        this.failure ??= err;
        throw err;
      } finally {
        this.held -= bytes.length;
        await fs.rm(scratch, { recursive: true, force: true }).catch(() => undefined);
      }
    })();
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task)).catch(() => undefined);
    return task;
  }

  private coords(g: number): number[] {
    const c = new Array<number>(this.gridShape.length);
    for (let i = c.length - 1; i >= 0; i--) {
      c[i] = g % this.gridShape[i];
      g = Math.floor(g / this.gridShape[i]);
    }
    return c;
  }

  private blockBox(g: number): Box {
    const lo = this.coords(g).map((c, i) => c * this.block[i]);
    return [lo, lo.map((l, i) => l + this.block[i])];
  }

  private clippedBlockBox(g: number): Box {
    const [lo, hi] = this.blockBox(g);
    return [lo, hi.map((h, i) => Math.min(h, this.shape[i]))];
  }

  private touchedBlocks([lo, hi]: Box): number[] {
    const first = lo.map((l, i) => Math.floor(l / this.block[i]));
    const last = hi.map((h, i) => Math.floor((h - 1) / this.block[i]));
    const out: number[] = [];
    if (lo.some((l, i) => l >= hi[i])) return out;
    const c = first.slice();
    for (;;) {
      out.push(c.reduce((acc, v, i) => acc * this.gridShape[i] + v, 0));
      let i = c.length - 1;
      while (i >= 0 && c[i] === last[i]) { c[i] = first[i]; i--; }
      if (i < 0) return out;
      c[i]++;
    }
  }

  /** Basic indexing with step 1, inside the shape: the block's box and its shape (integer axes dropped). */
  private resolve(selection: Selection): Box & { dataShape?: number[] } {
    const shape = this.shape;
    const items = normalizeSelection(selection);
    if (items.filter((it) => it === '...').length > 1) throw invalidArgument('sink.write: a selection can only have one ellipsis');
    const consuming = items.filter((it) => it !== '...').length;
    if (consuming > shape.length) throw invalidArgument(`sink.write: too many indices (${consuming}) for a ${shape.length}-dimensional array`);
    const expanded: Array<number | Slice | null> = [];
    for (const it of items) {
      if (typeof it === 'symbol') throw invalidArgument('sink.write: newaxis is not allowed in a block selection');
      if (it === '...') for (let k = 0; k < shape.length - consuming; k++) expanded.push(null);
      else expanded.push(it);
    }
    while (expanded.length < shape.length) expanded.push(null);
    const lo: number[] = [];
    const hi: number[] = [];
    const dataShape: number[] = [];
    expanded.forEach((it, axis) => {
      const n = shape[axis];
      if (typeof it === 'number') {
        const i = it < 0 ? it + n : it;
        if (i < 0 || i >= n) throw invalidArgument(`sink.write: index ${it} is outside axis ${axis} of size ${n}`);
        lo.push(i); hi.push(i + 1);
        return;
      }
      const s = it ?? new Slice(null, null, null);
      if ((s.step ?? 1) !== 1) throw invalidArgument(`sink.write: slice step must be 1 (axis ${axis}), got ${s.step}`);
      const start = s.start === null ? 0 : s.start < 0 ? s.start + n : s.start;
      const stop = s.stop === null ? n : s.stop < 0 ? s.stop + n : s.stop;
      if (start < 0 || stop > n || start > stop) throw invalidArgument(`sink.write: slice ${s.start ?? ''}:${s.stop ?? ''} is outside axis ${axis} of size ${n}`);
      lo.push(start); hi.push(stop); dataShape.push(stop - start);
    });
    const box = [lo, hi] as Box & { dataShape?: number[] };
    box.dataShape = dataShape;
    return box;
  }

  private checkData(box: Box & { dataShape?: number[] }, data: NdArray): void {
    if (!data || typeof data !== 'object' || !ArrayBuffer.isView(data.data) || !Array.isArray(data.shape)) {
      throw invalidArgument('sink.write: data must be an NdArray { data, shape, dtype }');
    }
    if (data.dtype !== this.dtype || !typedArrayMatches(this.dtype, data.data)) {
      throw invalidArgument(`sink.write: data is ${String(data.dtype)} (${data.data.constructor.name}), the sink's dtype is ${this.dtype}`);
    }
    const want = box.dataShape as number[];
    if (data.shape.length !== want.length || data.shape.some((s, i) => s !== want[i])) {
      throw invalidArgument(`sink.write: data of shape [${data.shape}] does not fit the selection ${describeBox(box)} (shape [${want}])`);
    }
    if (data.data.byteLength !== volume(box) * itemSize(this.dtype)) {
      throw invalidArgument(`sink.write: data holds ${data.data.byteLength} bytes, shape [${data.shape}] of ${this.dtype} needs ${volume(box) * itemSize(this.dtype)}`);
    }
  }
}

function describeBox([lo, hi]: Box): string {
  return `[${lo.map((l, i) => `${l}:${hi[i]}`).join(', ')}]`;
}

/** The same bytes as the typed array fromArray expects for dtype. */
function viewAs(bytes: Uint8Array, dtype: DType): NdArray['data'] {
  const ctor = typedArrayFor(dtype);
  return new ctor(bytes.buffer, bytes.byteOffset, bytes.byteLength / ctor.BYTES_PER_ELEMENT);
}

function typedArrayFor(dtype: DType): { new (b: ArrayBufferLike, o: number, n: number): NdArray['data']; BYTES_PER_ELEMENT: number } {
  switch (dtype) {
    case 'bool': case 'uint8': return Uint8Array;
    case 'int8': return Int8Array;
    case 'int16': return Int16Array;
    case 'uint16': case 'float16': return Uint16Array;
    case 'int32': return Int32Array;
    case 'uint32': return Uint32Array;
    case 'int64': return BigInt64Array;
    case 'uint64': return BigUint64Array;
    case 'float32': case 'complex64': return Float32Array;
    case 'float64': case 'complex128': return Float64Array;
  }
}

/** The store key of grid position `coords` under the sink's key encoding. */
function keyOf(spec: WriteSink, coords: number[]): string {
  const { kind, separator } = spec.keyEncoding;
  if (kind === 'v2') return coords.length === 0 ? '0' : coords.join(separator);
  return ['c', ...coords].join(separator);
}

/**
 * Copies `part` (global box) from the C-order block `src` covering `srcBox`
 * into the C-order buffer `dst` covering `dstBox`, one contiguous run of the
 * last axis per set() call.
 */
function copyBox(src: Uint8Array, srcBox: Box, dst: Uint8Array, dstBox: Box, part: Box, item: number): void {
  const rank = part[0].length;
  if (rank === 0) { dst.set(src.subarray(0, item), 0); return; }
  const strides = (box: Box): number[] => {
    const s = new Array<number>(rank);
    let acc = item;
    for (let i = rank - 1; i >= 0; i--) { s[i] = acc; acc *= box[1][i] - box[0][i]; }
    return s;
  };
  const ss = strides(srcBox);
  const ds = strides(dstBox);
  const run = (part[1][rank - 1] - part[0][rank - 1]) * item;
  const idx = part[0].slice();
  for (;;) {
    let so = 0;
    let doff = 0;
    for (let i = 0; i < rank; i++) { so += (idx[i] - srcBox[0][i]) * ss[i]; doff += (idx[i] - dstBox[0][i]) * ds[i]; }
    dst.set(src.subarray(so, so + run), doff);
    let i = rank - 2;
    while (i >= 0 && idx[i] === part[1][i] - 1) { idx[i] = part[0][i]; i--; }
    if (i < 0) return;
    idx[i]++;
  }
}

export async function createSink(target: string | URL, options: SinkOptions): Promise<Sink> {
  const callerStack = captureCallerStack();
  try {
    const { o, budget } = checkSinkOptions(options);
    const url = remoteUrl(target);
    if (url !== null && !/^s3:\/\//i.test(url)) throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `io.createSink: ${url}: HTTP stores are read-only (write to s3:// or a local path)`);
    const dest = url ?? toLocalPath(target, 'io.createSink path');
    const format = o.zarrFormat ?? 3;
    const like = zeros(o.shape, { dtype: o.dtype, ...(o.chunks ? { chunks: o.chunks } : {}) });
    const { shape: _s, dtype: _d, storageOptions: _so, memoryBudgetMb: _m, overwrite, ...writeOptions } = o;
    const layout = planLayout(like, like, { fillValue: 0, ...writeOptions }, format);
    const sink = new Sink(dest, layout, format, overwrite === true, budget, url ? { storage: o.storageOptions } : null);
    const block = layout.shards ?? layout.chunks;
    const blockBytes = block.reduce((n, b) => n * b, itemSize(layout.dtype));
    if (blockBytes > budget) {
      throw new DynaZarrError('ERR_ZARR_LIMIT', `io.createSink: one ${layout.shards ? 'shard' : 'chunk'} [${block}] of ${layout.dtype} (${blockBytes} bytes) exceeds memoryBudgetMb (${budget / 2 ** 20} MiB)`);
    }
    await sink.open();
    return sink;
  } catch (err) {
    throw publicError(err, callerStack);
  }
}
