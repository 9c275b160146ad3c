/**
 * runJob against the engine with hand-built job specs (no lazy layer): a
 * memory source written by a 'write' sink from our metadata, read back by
 * zarr-python; zarr fixtures read by a 'compute' sink; cancellation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Codecs } from '../lib/codecs/codecs';
import type { DType } from '../lib/dtype';
import type { JobSpec, SinkSpec, SourceSpec } from '../lib/job/job-spec';
import { encodeFillValue } from '../lib/metadata/fill-value';
import { stringifyJson } from '../lib/metadata/json-text';
import { parseMetadataObject } from '../lib/metadata/document';
import { parseV2Array, v2ArrayMetadata } from '../lib/metadata/v2';
import { parseV3Array, v3ArrayMetadata } from '../lib/metadata/v3';
import { openSource } from '../lib/read/open-source';
import { planRegions } from '../lib/job/region-plan';
import { runJob } from '../lib/job/run-job';
import { runPython, runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

let dir: string;
beforeAll(() => { dir = makeTempDir('engine'); });
afterAll(() => removeTempDir(dir));

const hexOf = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

function job(source: SourceSpec, shape: number[], dtype: DType, sink: SinkSpec, regionShape: number[], threads = 2): JobSpec {
  return { threads, sources: [source], nodes: [{ kind: 'source', source: 0, shape, dtype }], root: 0, regionShape, sink };
}

/** Writes metadata text for (format, layout) into dir and returns the sink the engine gets. */
function writeSink(p: string, format: 2 | 3, args: { shape: number[]; chunks: number[]; shards: number[] | null; dtype: DType; codecs: Codecs }): SinkSpec {
  fs.mkdirSync(p, { recursive: true });
  const fill = encodeFillValue(null, args.dtype)!;
  if (format === 2) {
    const text = stringifyJson(v2ArrayMetadata({ ...args, fill: fill.json }));
    fs.writeFileSync(path.join(p, '.zarray'), text);
    const { kind: _k, ...spec } = parseV2Array(p, text, null).spec as unknown as Record<string, unknown>;
    return { ...spec, kind: 'write', writeEmptyChunks: false } as unknown as SinkSpec;
  }
  const text = stringifyJson(v3ArrayMetadata({ ...args, fill: fill.json, dimensionNames: null, attributes: {} }));
  fs.writeFileSync(path.join(p, 'zarr.json'), text);
  const { kind: _k, ...spec } = parseV3Array(p, parseMetadataObject('zarr.json', text)).spec as unknown as Record<string, unknown>;
  return { ...spec, kind: 'write', writeEmptyChunks: false } as unknown as SinkSpec;
}

test('memory → write sink (v2, v3, sharded) is read back by zarr-python', async () => {
  const shape = [7, 9, 5];
  const data = new Int16Array(7 * 9 * 5).map((_, i) => ((i * 7919) % 60000) - 30000);
  data.fill(0, 0, 45); // a whole chunk of fill values: may be skipped, must still read as 0
  const cases: Array<[string, 2 | 3, number[] | null, Codecs]> = [
    ['w2.zarr', 2, null, new Codecs({ compressor: 'zlib', clevel: 1 })],
    ['w3.zarr', 3, null, new Codecs({ compressor: 'zstd', clevel: 3, checksum: true })],
    ['w3s.zarr', 3, [6, 8, 4], Codecs.default()],
    ['w3lz4.zarr', 3, null, new Codecs({ compressor: 'lz4' })],
  ];
  for (const [name, format, shards, codecs] of cases) {
    const sink = writeSink(path.join(dir, name), format, { shape, chunks: [3, 4, 2], shards, dtype: 'int16', codecs });
    const regionShape = planRegions({ shape, align: shards ?? [3, 4, 2], bytesPerElement: 4, regionSizeMb: 0.0005 });
    const result = await runJob(job({ kind: 'memory', buffer: 0, shape, dtype: 'int16' }, shape, 'int16', sink, regionShape), [data], null);
    expect(result.regions).toBeGreaterThan(1);
    expect(result.chunksWritten).toBeGreaterThan(0);
  }
  const seen = await runPythonPlan<Record<string, { error?: string; values: string }>>('zarr_meta.py', 'inspect', path.join(dir, 'plan.json'), cases.map(([n]) => path.join(dir, n)));
  for (const [name] of cases) {
    const d = seen[path.join(dir, name)];
    expect({ name, error: d.error, values: d.values }).toEqual({ name, error: undefined, values: hexOf(data) });
  }
});

test('zarr fixtures → compute sink match zarr-python', async () => {
  const root = path.join(dir, 'fx');
  const manifest = JSON.parse(await runPython('zarr_meta.py', ['fixtures', root])) as Record<string, { values: string }>;
  for (const [name, want] of Object.entries(manifest)) {
    const info = await openSource(path.join(root, name));
    const n = info.shape.reduce((a, b) => a * b, 1);
    const itemBytes = want.values.length / 2 / Math.max(n, 1);
    const output = new Uint8Array(n * itemBytes);
    await runJob(job(info.spec, info.shape, info.dtype, { kind: 'compute' }, info.shape.map((s) => Math.max(1, Math.ceil(s / 2)))), [], output);
    expect({ name, hex: hexOf(output) }).toEqual({ name, hex: want.values });
  }
});

test('an aborted signal rejects with ERR_ZARR_ABORTED and keeps the caller stack', async () => {
  const ac = new AbortController();
  ac.abort();
  const err = await runJob(job({ kind: 'memory', buffer: 0, shape: [4], dtype: 'uint8' }, [4], 'uint8', { kind: 'compute' }, [4]), [new Uint8Array(4)], new Uint8Array(4), { signal: ac.signal, callerStack: 'Error\n    at myCaller (here.js:1:1)' }).then(() => null, (e: unknown) => e as Error & { code: string });
  if (!err) throw new Error('expected a rejection');
  expect(err.code).toBe('ERR_ZARR_ABORTED');
  expect(err.stack).toContain('myCaller');
});
