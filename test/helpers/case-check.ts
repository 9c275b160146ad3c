/**
 * Checks expression cases (test/helpers/lazy-oracle.ts) against the oracle's
 * results: each case is built, computed with every ComputeOptions given (tiny
 * regions, 1 or 2 threads) and compared bit for bit; a case NumPy rejects must
 * be rejected with ERR_ZARR_INVALID_ARGUMENT when it is built.
 */
import { isDynaZarrError, type ComputeOptions, type DynaZarrError } from '../../lib/index';
import { assertNdEqual } from './compare';
import { build, resultBytes, type Expr, type OracleRun } from './lazy-oracle';

export async function caseFailures(run: OracleRun, cases: Expr[], variants: ComputeOptions[]): Promise<{ failures: string[]; valid: number }> {
  const failures: string[] = [];
  let valid = 0;
  for (let k = 0; k < cases.length; k++) {
    const r = run.results[k];
    const label = `#${k} ${JSON.stringify(cases[k])}`;
    try {
      const arr = build(cases[k], run.inputs);
      if ('error' in r) {
        failures.push(`${label}: NumPy raised ${r.error}, we built ${arr.dtype}[${arr.shape}]`);
        continue;
      }
      if (arr.dtype !== r.dtype) throw new Error(`declared dtype ${arr.dtype} != NumPy ${r.dtype}`);
      for (const options of variants) {
        assertNdEqual(await arr.compute(options), { bytes: resultBytes(run, r), shape: r.shape, dtype: r.dtype }, `${label} ${JSON.stringify(options)}`);
      }
      valid++;
    } catch (err) {
      if ('error' in r && isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')) continue;
      failures.push(`${label}: ${'error' in r ? `NumPy ${r.error}; ` : ''}${(err as DynaZarrError).code ?? ''} ${(err as Error).message}`);
    }
  }
  return { failures, valid };
}
