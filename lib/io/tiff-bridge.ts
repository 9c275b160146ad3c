/**
 * The seam to the TIFF reader (lib/tiff/open-tiff.ts, owned by the TIFF
 * side): `openTiff(path, { series, level }): Promise<SourceInfo>`. Loaded on
 * first use so that Zarr-only users never load the TIFF module.
 */
import { DynaZarrError } from '../errors';
import type { SourceInfo } from '../source-info';

type OpenTiff = (file: string, options: { series: number; level: number }) => Promise<SourceInfo>;

export async function openTiffSource(file: string, options: { series: number; level: number }): Promise<SourceInfo> {
  let openTiff: OpenTiff | undefined;
  try {
    ({ openTiff } = require('../tiff/open-tiff') as { openTiff?: OpenTiff });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
  }
  if (typeof openTiff !== 'function') {
    throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `${file}: TIFF reading is not available in this build (lib/tiff/open-tiff missing)`);
  }
  return openTiff(file, options);
}
