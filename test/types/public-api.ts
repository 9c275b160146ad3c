/**
 * Compile-time checks of the public surface (DESIGN.md, "Public contract"):
 * test/types.test.ts runs tsc on this file, so renaming or retyping anything
 * here fails the test run. Nothing in this file is executed.
 */
import {
  Codecs, DynaZarrError, DynamicArray, fromArray, io, isDynaZarrError, newaxis, operations, ops, slice,
  type DType, type ErrorCode, type NdArray, type WriteOptions, type WriteReport,
} from 'dyna_zarr';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | void {}

// DType is exactly the contract's 13 Zarr v3 names.
expectType<Equals<DType, 'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'float16' | 'float32' | 'float64' | 'complex64' | 'complex128'>>();

// The error codes of the contract.
expectType<Equals<ErrorCode, 'ERR_ZARR_NOT_FOUND' | 'ERR_ZARR_EXISTS' | 'ERR_ZARR_INVALID_METADATA' | 'ERR_ZARR_UNKNOWN_CODEC'
  | 'ERR_ZARR_CODEC' | 'ERR_ZARR_CHECKSUM' | 'ERR_ZARR_INVALID_ARGUMENT' | 'ERR_ZARR_INVALID_SELECTION' | 'ERR_ZARR_UNSUPPORTED'
  | 'ERR_ZARR_IO' | 'ERR_ZARR_ABORTED' | 'ERR_ZARR_LIMIT' | 'ERR_TIFF_INVALID' | 'ERR_ZARR_INTERNAL'>>();

async function surface(): Promise<void> {
  const a: DynamicArray = await io.read('a.zarr', { array: 'x', series: 0, level: 0 });
  expectType<Equals<typeof a.shape, number[]>>();
  expectType<Equals<typeof a.dtype, DType>>();
  const props: [number, number, number, number[] | null, number[] | null, 2 | 3 | null, Codecs | null, Record<string, unknown>] =
    [a.ndim, a.size, a.nbytes, a.chunks, a.shards, a.zarrFormat, a.codecs, a.attributes];
  void props;
  void a.fillValue;

  const s: DynamicArray = a.get('1:3, ::2, -1, ...').get([slice(1, 3), slice(null, null, -1), null, '...', newaxis]).slice(0, 2, 1);
  const nd: NdArray = await s.compute({ signal: new AbortController().signal, threads: 2 });
  expectType<Equals<typeof nd.shape, number[]>>();

  const chain: DynamicArray = a.abs().clip(0, 1).sqrt().astype('float32').add(1).subtract(a).multiply(2).divide(3).round(1).sign();
  const m: number | bigint | unknown = await chain.max();
  void m;
  await a.min(); await a.sum(0); await a.mean([0, 1]);

  const all: DynamicArray[] = [
    ops.abs(a), ops.sign(a), ops.sqrt(a), ops.round(a, 2), ops.clip(a, null, 3), ops.add(a, 1), ops.subtract(1, a),
    ops.multiply(a, a), ops.divide(a, 2.5), ops.where(a, 1, a), ops.astype(a, 'int64'), ops.concatenate([a, a], 0),
    ops.stack([a, a], -1), ops.expandDims(a, 0), ops.squeeze(a), ops.swapAxes(a, 0, 1), ops.transpose(a), ops.transpose(a, [1, 0]),
    ops.reshape(a, [-1]), ops.flatten(a), ops.pad(a, 2, { mode: 'constant', value: 3 }), ops.pad(a, [[1, 2], [3, 4]], { mode: 'edge' }),
    ops.tile(a, [2, 1]), ops.roll(a, 3), ops.roll(a, 1, 0), ops.flip(a), ops.flip(a, 1), ops.min(a), ops.max(a, [0]), ops.sum(a, 1), ops.mean(a),
  ];
  void all;
  const pointwise: DynamicArray[] = [
    ops.sin(a), ops.arctan2(a, 1), ops.ldexp(a, 2), ops.equal(1, a), ops.isin(a, [1, 2n, true]), ops.digitize(a, [0, 1], true),
    ops.saturateCast(a, 'uint8'), a.log1p().isfinite().logicalNot().bitwiseXor(true), a.power(2).floorDivide(a).maximum(0.5).less(a),
    a.isin([1]).digitize([0]), a.saturateCast('int8').leftShift(1).gcd(a.invert()),
  ];
  void pointwise;
  expectType<Equals<typeof operations, typeof ops>>();

  const options: WriteOptions = {
    zarrFormat: 3, chunks: [64, 64], shardCoefficients: [2, 2], dtype: 'uint16', regionSizeMb: 64, threads: 2, overwrite: true,
    compressor: new Codecs({ compressor: 'blosc', clevel: 5, cname: 'lz4', shuffle: 'bitshuffle', blocksize: 0, checksum: true }),
    fillValue: 0, dimensionNames: ['y', 'x'], attributes: { a: 1 }, signal: new AbortController().signal,
    onProgress: ({ done, total, bytesWritten }) => void (done + total + bytesWritten),
  };
  const report: WriteReport = await io.write(a, 'b.zarr', options);
  void report;
  await io.write(fromArray(new Float32Array(4), [2, 2], { chunks: [1, 2] }), 'c.zarr', { compressor: null });
  fromArray(new Uint16Array(4), [4], { dtype: 'float16' });

  try { await io.read('nope'); } catch (err) {
    if (isDynaZarrError(err, 'ERR_ZARR_NOT_FOUND')) {
      const e: DynaZarrError = err;
      expectType<Equals<typeof e.code, ErrorCode>>();
    }
  }
  // @ts-expect-error an unknown dtype is a type error
  ops.astype(a, 'float128');
  // @ts-expect-error zarrFormat is 2 or 3
  await io.write(a, 'd.zarr', { zarrFormat: 4 });
}
void surface;
