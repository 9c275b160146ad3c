/** The io.write `compressor` option for each codec name of the matrix. */
import { Codecs } from '../../lib/index';
import type { CodecName } from './zarr-matrix';

export function writeCompressor(codec: CodecName): Codecs | null {
  switch (codec) {
    case 'none': return null;
    case 'blosc-lz4-shuffle': return new Codecs({ compressor: 'blosc', cname: 'lz4', shuffle: 'shuffle', clevel: 5 });
    case 'blosc-zstd-bitshuffle': return new Codecs({ compressor: 'blosc', cname: 'zstd', shuffle: 'bitshuffle', clevel: 5 });
    case 'zstd': return new Codecs({ compressor: 'zstd', clevel: 3 });
    case 'gzip': return new Codecs({ compressor: 'gzip', clevel: 5 });
    case 'zlib': return new Codecs({ compressor: 'zlib', clevel: 5 });
    case 'lz4': return new Codecs({ compressor: 'lz4' });
    case 'bz2': return new Codecs({ compressor: 'bz2', clevel: 5 });
    case 'crc32c': return new Codecs({ compressor: null, checksum: true });
  }
}
