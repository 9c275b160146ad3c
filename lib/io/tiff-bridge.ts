/**
 * The seam to the TIFF reader (lib/tiff/open-tiff.ts, owned by the TIFF
 * side): `openTiff(path, { series, level }): Promise<SourceInfo>`.
 */
import type { SourceInfo } from '../source-info';
import { openTiff } from '../tiff/open-tiff';

export function openTiffSource(file: string, options: { series: number; level: number }): Promise<SourceInfo> {
  return openTiff(file, options);
}
