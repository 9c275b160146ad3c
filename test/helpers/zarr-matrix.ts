/**
 * The cases of the cross-implementation matrix: every dtype × codec × format,
 * plus layout variants (v2 big-endian, order F, '/' separator, NaN fill,
 * v3 chunk_key_encoding v2, shard index at start, transpose codec).
 * Shared by the TypeScript tests and test/oracle/accept_matrix.py (as JSON).
 */
import { ALL_DTYPES, DTypeName } from './compare';

export type CodecName =
  | 'none' | 'blosc-lz4-shuffle' | 'blosc-zstd-bitshuffle' | 'zstd' | 'gzip' | 'zlib' | 'lz4' | 'bz2' | 'crc32c';
export type FormatName = 'v2' | 'v3' | 'v3s';
export type Writer = 'zarr' | 'tensorstore' | 'none';

export interface Variant {
  endian?: 'big';
  order?: 'F';
  sep?: '/' | '.';
  fill?: 'nan';
  key?: 'v2';
  index?: 'start';
  transpose?: boolean;
}

export interface MatrixCase {
  id: string;
  dtype: DTypeName;
  codec: CodecName;
  format: FormatName;
  writer: Writer;
  variant?: Variant;
}

export const SHAPE = [7, 9, 5];
export const CHUNKS = [3, 4, 2];
export const SHARD_COEFFICIENTS = [2, 2, 2];

export const CODECS: CodecName[] = ['none', 'blosc-lz4-shuffle', 'blosc-zstd-bitshuffle', 'zstd', 'gzip', 'zlib', 'lz4', 'bz2', 'crc32c'];
export const FORMATS: FormatName[] = ['v2', 'v3', 'v3s'];

/** TensorStore has no v2 lz4 and no numcodecs.* v3 codecs: those cases are zarr-python only. */
export function tensorstoreSupports(codec: CodecName, format: FormatName): boolean {
  if (format === 'v2') return codec !== 'lz4' && codec !== 'crc32c';
  return codec !== 'zlib' && codec !== 'lz4' && codec !== 'bz2';
}

export function formatApplies(codec: CodecName, format: FormatName): boolean {
  return !(codec === 'crc32c' && format === 'v2');
}

function variantTag(v?: Variant): string {
  if (!v) return '';
  return '-' + Object.entries(v).map(([k, val]) => `${k}_${val === '/' ? 'slash' : val === '.' ? 'dot' : val}`).join('-');
}

export function caseId(c: Omit<MatrixCase, 'id'>): string {
  return `${c.writer}-${c.format}-${c.dtype}-${c.codec}${variantTag(c.variant)}`;
}

function make(writer: Writer, format: FormatName, dtype: DTypeName, codec: CodecName, variant?: Variant): MatrixCase {
  const c = { writer, format, dtype, codec, variant };
  return { id: caseId(c), ...c };
}

/** Arrays written by an oracle (zarr-python or TensorStore) that dyna_zarr must read. */
export function readCases(): MatrixCase[] {
  const out: MatrixCase[] = [];
  for (const format of FORMATS) {
    for (const codec of CODECS) {
      if (!formatApplies(codec, format)) continue;
      for (const dtype of ALL_DTYPES) {
        out.push(make('zarr', format, dtype, codec));
        if (tensorstoreSupports(codec, format)) out.push(make('tensorstore', format, dtype, codec));
      }
    }
  }
  const multiByte: DTypeName[] = ['int16', 'int64', 'uint32', 'uint64', 'float16', 'float32', 'float64', 'complex64', 'complex128'];
  for (const writer of ['zarr', 'tensorstore'] as Writer[]) {
    for (const dtype of multiByte) {
      out.push(make(writer, 'v2', dtype, 'none', { endian: 'big' }));
      out.push(make(writer, 'v2', dtype, 'zstd', { endian: 'big', order: 'F' }));
      out.push(make(writer, 'v3', dtype, 'gzip', { endian: 'big' }));
      out.push(make(writer, 'v3s', dtype, 'none', { endian: 'big', index: 'start' }));
    }
    for (const dtype of ['bool', 'int8', 'uint16', 'float32', 'complex128'] as DTypeName[]) {
      out.push(make(writer, 'v2', dtype, 'blosc-lz4-shuffle', { order: 'F' }));
      out.push(make(writer, 'v2', dtype, 'zlib', { sep: '/' }));
      out.push(make(writer, 'v2', dtype, 'none', { order: 'F', sep: '/' }));
      out.push(make(writer, 'v3', dtype, 'zstd', { key: 'v2' }));
      out.push(make(writer, 'v3', dtype, 'none', { key: 'v2', sep: '/' }));
      out.push(make(writer, 'v3', dtype, 'none', { sep: '.' }));
      out.push(make(writer, 'v3', dtype, 'blosc-zstd-bitshuffle', { transpose: true }));
      out.push(make(writer, 'v3s', dtype, 'zstd', { index: 'start' }));
      out.push(make(writer, 'v3s', dtype, 'crc32c', { index: 'start', key: 'v2' }));
      out.push(make(writer, 'v3s', dtype, 'gzip', { transpose: true }));
    }
    for (const dtype of ['float16', 'float32', 'float64'] as DTypeName[]) {
      for (const format of FORMATS) out.push(make(writer, format, dtype, format === 'v2' ? 'zstd' : 'crc32c', { fill: 'nan' }));
    }
  }
  return out;
}

/** Arrays dyna_zarr writes (data only from the oracle) that zarr-python and TensorStore must read. */
export function writeCases(): MatrixCase[] {
  const out: MatrixCase[] = [];
  for (const format of FORMATS) {
    for (const codec of CODECS) {
      if (!formatApplies(codec, format)) continue;
      for (const dtype of ALL_DTYPES) out.push(make('none', format, dtype, codec));
    }
  }
  for (const dtype of ['float16', 'float32', 'float64'] as DTypeName[]) {
    for (const format of FORMATS) out.push(make('none', format, dtype, 'zstd', { fill: 'nan' }));
  }
  return out;
}

/** A conversion: an oracle-written array re-written by io.write in another format, codec and chunking. */
export interface ConvertCase {
  source: MatrixCase;
  format: FormatName;
  codec: CodecName;
  chunks: number[];
}

export function convertCases(): ConvertCase[] {
  const out: ConvertCase[] = [];
  for (const dtype of ALL_DTYPES) {
    const oneByte = dtype === 'bool' || dtype === 'int8' || dtype === 'uint8';
    out.push({
      source: make('zarr', 'v2', dtype, 'blosc-lz4-shuffle', oneByte ? { order: 'F' } : { endian: 'big', order: 'F' }),
      format: 'v3s', codec: 'zstd', chunks: [2, 5, 3],
    });
    out.push({
      source: make('tensorstore', 'v3s', dtype, 'crc32c', { index: 'start', key: 'v2' }),
      format: 'v2', codec: 'zlib', chunks: [4, 3, 5],
    });
    out.push({
      source: make('zarr', 'v3', dtype, 'gzip', { transpose: true, fill: dtype.startsWith('float') ? 'nan' : undefined }),
      format: 'v3', codec: 'blosc-zstd-bitshuffle', chunks: [7, 9, 5],
    });
  }
  return out;
}
