/**
 * io.write's chunkSizeMb: a chunk shape of about that many MiB, built from
 * the source's chunks (whole multiples of them where possible) and filled
 * from the last axes first, so a chunk holds whole rows and planes of the
 * spatial (last) axes before it spans the leading ones.
 */
import { itemSize, type DType } from '../dtype';

export function chunksOfSize(shape: number[], dtype: DType, sourceChunks: number[] | null, mb: number): number[] {
  const target = mb * 2 ** 20;
  const base = sourceChunks && sourceChunks.length === shape.length
    ? sourceChunks.map((c, i) => Math.max(1, Math.min(c, shape[i])))
    : shape.map(() => 1);
  const chunks = base.slice();
  const bytes = (): number => chunks.reduce((p, c) => p * c, itemSize(dtype));
  if (bytes() > target) {
    // Too big already: split the leading axes first, keeping the spatial plane whole longest.
    for (let d = 0; d < chunks.length && bytes() > target; d++) {
      while (bytes() > target && chunks[d] > 1) chunks[d] = Math.ceil(chunks[d] / 2);
    }
    return chunks;
  }
  for (let d = chunks.length - 1; d >= 0; d--) {
    const others = bytes() / chunks[d];
    if (others * shape[d] <= target) {
      chunks[d] = Math.max(1, shape[d]);
      continue;
    }
    const count = Math.floor(target / others / base[d]);
    chunks[d] = Math.min(shape[d], Math.max(chunks[d], count * base[d]));
    break;
  }
  return chunks;
}
