/**
 * io.write's memoryBudgetMb: a hard cap on the extra memory a write holds.
 * Peak RSS of a child process writing a 128 MiB array (above a baseline
 * child writing one chunk) stays under the budget, while the same write
 * without a budget goes above it (so the bound is not vacuous); io.writeLevels
 * keeps the same budget. Values: zarr-python reads the outputs, equal to each
 * other (the budget changes only the regions) and within sqrt of ops.random's
 * range [0, 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import { io, ops } from '../lib';
import { isDynaZarrError } from '../lib/errors';
import { addonPath, runNodeJson, transpileLibrary, PEAK_RSS_KB } from './helpers/child-lib';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const BUDGET_MB = 16;
let dir: string;
beforeAll(() => { dir = makeTempDir('budget'); });
afterAll(() => removeTempDir(dir));

test('peak RSS of a write with memoryBudgetMb stays within the budget above baseline; without it the same write exceeds it', async () => {
  const indexJs = transpileLibrary(path.join(dir, 'dist'));
  const script = path.join(dir, 'child.js');
  fs.writeFileSync(script, `
    const { io, ops } = require(${JSON.stringify(indexJs)});
    (async () => {
      const mode = process.env.DZ_MODE;
      // 32 × 1024 × 1024 float32 = 128 MiB; chunks of 2 MiB.
      const shape = mode === 'baseline' ? [1, 512, 1024] : [32, 1024, 1024];
      const a = ops.sqrt(ops.random(shape, { dtype: 'float32', chunks: [1, 512, 1024], seed: 7 }));
      const options = { threads: 2, regionSizeMb: 256, compressor: null };
      if (mode === 'budget' || mode === 'levels') options.memoryBudgetMb = ${BUDGET_MB};
      const out = ${JSON.stringify(dir)} + '/out-' + mode;
      if (mode === 'levels') await io.writeLevels(a, [{ path: out + '-0.zarr', factors: [1, 1, 1] }, { path: out + '-1.zarr', factors: [1, 2, 2] }], options);
      else await io.write(a, out + '.zarr', options);
      console.log(JSON.stringify({ maxRSSKb: ${PEAK_RSS_KB} }));
    })().catch((e) => { console.log(JSON.stringify({ error: String(e && e.code) + ' ' + (e && e.message) })); });
  `);
  const run = (mode: string) => runNodeJson<{ maxRSSKb?: number; error?: string }>(script, { DYNA_ZARR_ADDON: addonPath(), DZ_MODE: mode });
  const baseline = await run('baseline');
  const budget = await run('budget');
  const free = await run('free');
  const levels = await run('levels');
  expect([baseline.error, budget.error, free.error, levels.error]).toEqual([undefined, undefined, undefined, undefined]);
  const extraMb = (r: { maxRSSKb?: number }) => ((r.maxRSSKb ?? 0) - (baseline.maxRSSKb ?? 0)) / 1024;
  // The numbers travel with a failure, for a post-mortem.
  const rss = { baselineKb: baseline.maxRSSKb, budgetKb: budget.maxRSSKb, freeKb: free.maxRSSKb, levelsKb: levels.maxRSSKb };
  expect({ ...rss, withinBudget: extraMb(budget) < BUDGET_MB }).toEqual({ ...rss, withinBudget: true });
  expect({ ...rss, levelsWithinBudget: extraMb(levels) < BUDGET_MB }).toEqual({ ...rss, levelsWithinBudget: true });
  expect({ ...rss, freeExceeds: extraMb(free) > BUDGET_MB }).toEqual({ ...rss, freeExceeds: true });
  // Same values whatever the budget, and those of ops.random's sqrt: in [0, 1).
  const verdict = await runPython('write_budget.py', [path.join(dir, 'out-budget.zarr'), path.join(dir, 'out-free.zarr')]);
  const v = JSON.parse(verdict.trim().split('\n').pop() as string);
  expect(v).toMatchObject({ shape: [32, 1024, 1024], same: true, inrange: true });
  const level0 = JSON.parse((await runPython('write_budget.py', [path.join(dir, 'out-levels-0.zarr'), path.join(dir, 'out-free.zarr')])).trim().split('\n').pop() as string);
  expect(level0).toMatchObject({ shape: [32, 1024, 1024], same: true, inrange: true });
  // sqrt of uniform [0, 1): std ≈ 0.2357, not a constant.
  expect(v.std).toBeGreaterThan(0.2);
});

test('a budget below one chunk per region is ERR_ZARR_LIMIT and leaves nothing', async () => {
  const target = path.join(dir, 'limit.zarr');
  const a = ops.random([4, 512, 1024], { dtype: 'float32', chunks: [1, 512, 1024] });
  const err = await io.write(a, target, { memoryBudgetMb: 1 }).then(() => null, (e: unknown) => e);
  expect(isDynaZarrError(err, 'ERR_ZARR_LIMIT')).toBe(true);
  expect((err as Error).message).toMatch(/memoryBudgetMb/);
  expect(fs.readdirSync(dir).filter((f) => f.includes('limit'))).toEqual([]);
});
