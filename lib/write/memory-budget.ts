/**
 * io.write's memoryBudgetMb: a hard cap on the memory the write's regions
 * hold at once (threads × region bytes, each region at least one chunk or
 * shard). Threads and the region size only ever shrink to fit; a budget
 * below one block per region is ERR_ZARR_LIMIT.
 */
import { DynaZarrError } from '../errors';

export interface Fitted {
  threads: number;
  regionSizeMb: number;
}

/** `blockMb`: the bytes (in MiB) of one smallest region, a stored block of the output with every node's bytes. */
export function fitMemoryBudget(budgetMb: number, threads: number, regionSizeMb: number, blockMb: number): Fitted {
  const fits = Math.floor(budgetMb / blockMb);
  if (fits < 1) {
    throw new DynaZarrError('ERR_ZARR_LIMIT', `io.write: memoryBudgetMb ${budgetMb} is below what one region of one chunk (shard) needs, `
      + `${blockMb.toFixed(2)} MiB; raise the budget or write smaller chunks`);
  }
  const t = Math.max(1, Math.min(threads, fits));
  return { threads: t, regionSizeMb: Math.min(regionSizeMb, budgetMb / t) };
}
