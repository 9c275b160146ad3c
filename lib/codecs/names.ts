/**
 * Every codec name the library knows, in one place: the public compressor
 * names, blosc's settings, the numcodecs filters and checksums, and the
 * normalised names the engine registers (binding/core/codecs/registry.cpp;
 * test/codec-contract.test.ts checks both lists agree).
 */

/** Public `Codecs.compressor` values. */
export const COMPRESSORS = ['blosc', 'zstd', 'gzip', 'zlib', 'lz4', 'bz2'] as const;
/** blosc compressors we write. */
export const BLOSC_CNAMES = ['lz4', 'lz4hc', 'blosclz', 'zstd', 'zlib'] as const;
/** blosc compressors we read (other writers may use snappy). */
export const BLOSC_CNAMES_READ: readonly string[] = [...BLOSC_CNAMES, 'snappy'];
export const BLOSC_SHUFFLES = ['noshuffle', 'shuffle', 'bitshuffle'] as const;

/** numcodecs filters on typed arrays (array→array in the engine). */
export const ARRAY_FILTERS = ['delta', 'fixedscaleoffset', 'quantize', 'bitround', 'astype', 'packbits'] as const;
/** numcodecs filters on bytes (bytes→bytes in the engine). */
export const BYTE_FILTERS = ['shuffle', 'adler32', 'crc32', 'fletcher32'] as const;
/** numcodecs filters whose decoded data are strings or objects: recognised, refused. */
export const STRING_FILTERS = ['categorize', 'vlen-utf8', 'vlen-bytes', 'vlen-array', 'json2', 'msgpack2', 'pickle'] as const;
/** Public `Codecs.checksum` values. */
export const CHECKSUMS = ['crc32c', 'adler32', 'fletcher32'] as const;

/** The names of a normalised chain, by kind: exactly what the engine registers. */
export const ENGINE_CODECS = {
  arrayToArray: ['transpose', ...ARRAY_FILTERS],
  arrayToBytes: ['bytes', 'sharding_indexed'],
  bytesToBytes: [...COMPRESSORS, 'crc32c', ...BYTE_FILTERS],
} as const;

/** The prefix zarr-python 3 writes for codecs outside the v3 core. */
export const NUMCODECS_PREFIX = 'numcodecs.';
/** v3 names of the public compressors, as zarr-python 3 writes them. */
export const V3_COMPRESSOR_NAME: Record<(typeof COMPRESSORS)[number], string> = {
  blosc: 'blosc', zstd: 'zstd', gzip: 'gzip', zlib: 'numcodecs.zlib', lz4: 'numcodecs.lz4', bz2: 'numcodecs.bz2',
};
