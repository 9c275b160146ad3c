/**
 * A temporary, uncompressed Zarr store (in os.tmpdir()) holding the blocks a
 * user function returned, one chunk file per block, so a later native job
 * reads them as an ordinary source and no block stays in memory. The chunk
 * grid is the block grid; a chunk file is the block's raw little-endian bytes
 * (edge chunks padded to full size, as Zarr stores them). No metadata file:
 * the engine gets the spec directly.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { itemSize, type DType, type TypedArray } from '../dtype';
import { DynaZarrError } from '../errors';
import type { LazyNode } from '../graph/nodes';
import { ioError } from '../write/replace';
import type { SourceInfo } from '../source-info';

/** Copies the box `box` at `srcStart` in a C-order byte array of `srcShape` to `dstStart` in one of `dstShape`. */
export function copyBox(src: Uint8Array, srcShape: number[], srcStart: number[], dst: Uint8Array, dstShape: number[], dstStart: number[], box: number[], item: number): void {
  const nd = box.length;
  if (nd === 0) { dst.set(src.subarray(0, item)); return; }
  if (box.some((b) => b === 0)) return;
  const strides = (shape: number[]): number[] => {
    const s = new Array<number>(nd).fill(item);
    for (let k = nd - 2; k >= 0; k--) s[k] = s[k + 1] * shape[k + 1];
    return s;
  };
  const ss = strides(srcShape);
  const ds = strides(dstShape);
  const row = box[nd - 1] * item;
  const idx = new Array<number>(nd - 1).fill(0);
  for (;;) {
    let so = srcStart[nd - 1] * item;
    let dOff = dstStart[nd - 1] * item;
    for (let k = 0; k < nd - 1; k++) {
      so += (srcStart[k] + idx[k]) * ss[k];
      dOff += (dstStart[k] + idx[k]) * ds[k];
    }
    dst.set(src.subarray(so, so + row), dOff);
    let k = nd - 2;
    while (k >= 0 && ++idx[k] === box[k]) idx[k--] = 0;
    if (k < 0) return;
  }
}

export const bytesOf = (a: TypedArray): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export class BlockStore {
  private constructor(readonly dir: string, readonly shape: number[], readonly dtype: DType, readonly blocks: number[]) {}

  static async create(shape: number[], dtype: DType, blocks: number[]): Promise<BlockStore> {
    if (os.endianness() !== 'LE') throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', 'mapBlocks: big-endian hosts are not supported');
    const prefix = path.join(os.tmpdir(), 'dyna-zarr-blocks-');
    try {
      return new BlockStore(await fs.mkdtemp(prefix), shape, dtype, blocks);
    } catch (err) {
      throw ioError('create the temporary folder', prefix, err);
    }
  }

  /**
   * Stores the box `box` at `from` inside `data` (a C-order block of shape
   * `dataShape`) as the chunk at grid index `index` (box = that chunk's part
   * inside the array).
   */
  async write(index: number[], data: TypedArray, dataShape: number[], from: number[], box: number[]): Promise<void> {
    const item = itemSize(this.dtype);
    const whole = box.every((b, k) => b === this.blocks[k] && b === dataShape[k]);
    let bytes = bytesOf(data);
    if (!whole) {
      bytes = new Uint8Array(this.blocks.reduce((p, b) => p * b, 1) * item);
      copyBox(bytesOf(data), dataShape, from, bytes, this.blocks, box.map(() => 0), box, item);
    }
    const file = path.join(this.dir, index.length === 0 ? '0' : index.join('.'));
    try {
      await fs.writeFile(file, bytes);
    } catch (err) {
      throw ioError('write', file, err);
    }
  }

  /** A source node reading the stored blocks. */
  node(): LazyNode {
    const item = itemSize(this.dtype);
    const info: SourceInfo = {
      spec: {
        kind: 'zarr', path: this.dir, shape: this.shape.slice(), dtype: this.dtype, chunkShape: this.blocks.slice(),
        keyEncoding: { kind: 'v2', separator: '.' }, fillValue: '00'.repeat(item),
        codecs: [{ name: 'bytes', configuration: { endian: 'little' } }],
      },
      shape: this.shape.slice(), dtype: this.dtype, chunks: this.blocks.slice(), shards: null, zarrFormat: null,
      codecs: null, fillValue: null, attributes: {}, dimensionNames: null,
    };
    return { kind: 'source', info, shape: this.shape.slice(), dtype: this.dtype };
  }

  async remove(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
