/**
 * Suite 4 (memory): an op chain over a Zarr array 8× larger than the region
 * budget (regionSizeMb × threads) is written by a separate Node process whose
 * peak RSS must stay below 2 × regionSizeMb × threads + 200 MiB, and whose
 * output must equal NumPy's result (checked block by block by zarr-python).
 */
import fs from 'node:fs';
import path from 'node:path';
import { addonPath, runNodeJson, transpileLibrary, PEAK_RSS_KB } from '../helpers/child-lib';
import { runPythonPlan } from '../helpers/python';
import { makeTempDir, removeTempDir } from '../helpers/tmp';

const REGION_MB = 16;
const THREADS = 2;
const MIB = 1024 * 1024;
// 64 × 1024 × 1024 float32 = 256 MiB = 8 × (16 MiB × 2 threads).
const input = { name: 'big.zarr', shape: [64, 1024, 1024], chunks: [4, 256, 512], dtype: 'float32', format: 3, codec: 'zstd', kind: 'wave' };
const check = { output: 'big_out.zarr', expr: 'np.sqrt(np.clip(np.abs(big), 0, 1)) * 3', inputs: ['big'], blocked: true };

let dir: string;

beforeAll(() => {
  dir = makeTempDir('memory');
});
afterAll(() => removeTempDir(dir));

test('peak RSS of a region-wise write stays bounded and the values equal NumPy', async () => {
  await runPythonPlan('accept_pipeline.py', 'make', path.join(dir, 'make.json'), { inputs: [{ ...input, name: 'big' }] }, [dir]);
  const inputBytes = input.shape.reduce((a, b) => a * b, 1) * 4;
  expect(inputBytes).toBeGreaterThanOrEqual(8 * REGION_MB * THREADS * MIB);
  const indexJs = transpileLibrary(path.join(dir, 'dist'));
  const script = path.join(dir, 'child.js');
  fs.writeFileSync(script, `
    const { io, ops, Codecs } = require(${JSON.stringify(indexJs)});
    (async () => {
      const big = await io.read(${JSON.stringify(path.join(dir, 'big'))});
      const chain = ops.multiply(ops.sqrt(ops.clip(ops.abs(big), 0, 1)), 3);
      if (process.env.DZ_MATERIALISE === '1') {
        // Control: holding the whole result must exceed the bound, or the bound proves nothing.
        const whole = await chain.compute();
        console.log(JSON.stringify({ maxRSSKb: ${PEAK_RSS_KB}, n: whole.data.length }));
        return;
      }
      await io.write(chain, ${JSON.stringify(path.join(dir, check.output))}, {
        regionSizeMb: ${REGION_MB}, threads: ${THREADS}, compressor: new Codecs({ compressor: 'zstd', clevel: 1 }),
      });
      console.log(JSON.stringify({ maxRSSKb: ${PEAK_RSS_KB} }));
    })().catch((e) => { console.log(JSON.stringify({ error: String(e && e.code) + ' ' + (e && e.message) })); });
  `);
  const res = await runNodeJson<{ maxRSSKb?: number; error?: string }>(script, { DYNA_ZARR_ADDON: addonPath() });
  expect(res.error).toBeUndefined();
  const limit = 2 * REGION_MB * THREADS * MIB + 200 * MIB;
  expect((res.maxRSSKb ?? Infinity) * 1024).toBeLessThan(limit);
  // The write really happened and is NumPy's result.
  const verdicts = await runPythonPlan<Record<string, string>>(
    'accept_pipeline.py', 'check', path.join(dir, 'check.json'), { inputs: [{ ...input, name: 'big' }], checks: [check] }, [dir]);
  expect(verdicts[check.output]).toBe('ok');
  const control = await runNodeJson<{ maxRSSKb?: number; error?: string }>(script, { DYNA_ZARR_ADDON: addonPath(), DZ_MATERIALISE: '1' });
  expect(control.error).toBeUndefined();
  expect((control.maxRSSKb ?? 0) * 1024).toBeGreaterThan(limit);
  fs.writeFileSync(path.join(dir, 'rss.json'), JSON.stringify({ writeKb: res.maxRSSKb, controlKb: control.maxRSSKb, limitKb: limit / 1024 }));
}, 900_000);
