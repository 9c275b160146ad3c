/**
 * a.persist(path?): the chain is evaluated once, into a Zarr store, and the
 * returned array reads that store — two computes of it do not touch the
 * source again (chunk counters, and the source deleted in between). Values:
 * NumPy's (oracle/persist.py); the store: zarr-python's reading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromArray, io } from '../lib';
import { native } from '../lib/job/native';
import { addonPath, runNodeJson, transpileLibrary } from './helpers/child-lib';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const SHAPE = [40, 30];
const CHUNKS = [10, 10];
const values = Int32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, i) => (i * 37) % 1001);

let dir: string;
beforeAll(() => { dir = makeTempDir('persist'); });
afterAll(() => removeTempDir(dir));

test('a persisted chain reads its source once across two computes, with NumPy\'s values', async () => {
  const source = path.join(dir, 'source.zarr');
  const copy = path.join(dir, 'copy.zarr');
  await io.write(fromArray({ data: values, shape: SHAPE, dtype: 'int32' }), source, { chunks: CHUNKS });
  await io.write(fromArray({ data: values, shape: SHAPE, dtype: 'int32' }), copy, { chunks: CHUNKS });
  const a = await io.read(source);
  const chain = a.sqrt().multiply(2).add(1);
  const target = path.join(dir, 'persisted.zarr');

  const c0 = native().counters().chunksRead;
  const persisted = await chain.persist(target);
  const c1 = native().counters().chunksRead;
  expect(c1 - c0).toBe(4 * 3); // the source's 12 chunks, once
  // The source is gone: the persisted array cannot be reading it.
  fs.rmSync(source, { recursive: true });
  const first = await persisted.compute();
  const second = await persisted.multiply(1).compute();
  const c2 = native().counters().chunksRead;
  expect(c2 - c1).toBe(2 * 12); // the persisted store's chunks, twice
  expect(persisted.shape).toEqual(SHAPE);
  expect(persisted.dtype).toBe('float64');

  const oracle = await runPythonPlan<{ expected: number[]; stored: number[]; storedChunks: number[] }>(
    'persist.py', 'check', path.join(dir, 'plan.json'), { source: copy, persisted: target });
  expect(Array.from(first.data as Float64Array)).toEqual(oracle.expected);
  expect(Array.from(second.data as Float64Array)).toEqual(oracle.expected);
  expect(oracle.stored).toEqual(oracle.expected);
  expect(oracle.storedChunks).toEqual(CHUNKS);
});

test('persist() without a path uses a temporary store under os.tmpdir() that is gone when the process exits', async () => {
  const indexJs = transpileLibrary(path.join(dir, 'dist'));
  const script = path.join(dir, 'child.js');
  fs.writeFileSync(script, `
    const { fromArray } = require(${JSON.stringify(indexJs)});
    const os = require('node:os');
    (async () => {
      const a = fromArray(Float32Array.from([1, 4, 9, 16]), [2, 2]);
      const p = await a.sqrt().persist();
      const v = await p.compute();
      const store = require('node:path').dirname(p.node.info.spec.path);
      console.log(JSON.stringify({ values: Array.from(v.data), store, existed: require('node:fs').existsSync(store), tmp: os.tmpdir() }));
    })().catch((e) => { console.log(JSON.stringify({ error: String(e && e.message) })); });
  `);
  const res = await runNodeJson<{ values: number[]; store: string; existed: boolean; tmp: string; error?: string }>(script, { DYNA_ZARR_ADDON: addonPath() });
  expect(res.error).toBeUndefined();
  expect(res.values).toEqual([1, 2, 3, 4]);
  expect(res.existed).toBe(true);
  expect(res.store.startsWith(res.tmp)).toBe(true);
  expect(fs.existsSync(res.store)).toBe(false);
});
