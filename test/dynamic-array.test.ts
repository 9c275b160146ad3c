/**
 * DynamicArray metadata, fromArray validation, the serialised job (shared
 * nodes once, sources deduplicated, casts inserted), O(nodes) graph building
 * and compute() options, checked against values computed independently.
 */
import { DynamicArray, fromArray, ops, isDynaZarrError, type DynaZarrError } from '../lib/index';
import { toJob } from '../lib/job/to-job';

const code = (f: () => unknown): string | undefined => {
  try { f(); } catch (err) { return (err as DynaZarrError).code; }
  return 'no error';
};

describe('fromArray', () => {
  test('properties of an in-memory source', () => {
    const a = fromArray(new Float32Array(120), [4, 5, 6], { chunks: [2, 5, 3] });
    expect(a).toBeInstanceOf(DynamicArray);
    expect([a.shape, a.dtype, a.ndim, a.size, a.nbytes, a.chunks]).toEqual([[4, 5, 6], 'float32', 3, 120, 480, [2, 5, 3]]);
    expect([a.shards, a.zarrFormat, a.codecs, a.dimensionNames]).toEqual([null, null, null, null]);
    expect(a.attributes).toEqual({});
  });
  test('dtype checks: ambiguous typed arrays need options.dtype and must match', () => {
    expect(fromArray(new Uint8Array([0, 1]), [2], { dtype: 'bool' }).dtype).toBe('bool');
    expect(fromArray(new Uint16Array(3), [3], { dtype: 'float16' }).dtype).toBe('float16');
    expect(fromArray(new Float32Array(4), [2], { dtype: 'complex64' }).dtype).toBe('complex64');
    expect(fromArray(new Uint16Array(3)).shape).toEqual([3]);
    expect(code(() => fromArray(new Float32Array(4), [4], { dtype: 'int32' }))).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect(code(() => fromArray(new Float32Array(4), [3]))).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect(code(() => fromArray(new Float32Array(4), [4], { chunks: [0] }))).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect(code(() => fromArray([1, 2] as never, [2]))).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect(code(() => fromArray(new Float32Array(4), [4], { typo: 1 } as never))).toBe('ERR_ZARR_INVALID_ARGUMENT');
  });
  test('an NdArray round-trips through compute', async () => {
    const nd = { data: new BigInt64Array([1n, -2n, 3n, 2n ** 62n]), shape: [2, 2], dtype: 'int64' as const };
    const r = await fromArray(nd).compute();
    expect(r.shape).toEqual([2, 2]);
    expect(Array.from(r.data as BigInt64Array)).toEqual([1n, -2n, 3n, 2n ** 62n]);
  });
});

describe('serialised job', () => {
  test('shared sub-graphs are emitted once and the source once', () => {
    const a = fromArray(new Int8Array(24), [2, 3, 4]);
    const b = ops.abs(a);
    const c = ops.add(b, ops.multiply(b, a.get('::-1')));
    const { spec, buffers } = toJob(c, { kind: 'compute' }, [1, 1, 4], 2);
    expect(buffers).toHaveLength(1);
    expect(spec.sources).toEqual([{ kind: 'memory', buffer: 0, shape: [2, 3, 4], dtype: 'int8' }]);
    expect(spec.nodes.filter((n) => n.kind === 'ew' && n.op === 'abs')).toHaveLength(1);
    expect(spec.nodes.filter((n) => n.kind === 'source')).toHaveLength(1);
    // topological: every input index precedes its user
    spec.nodes.forEach((n, i) => {
      const ins = 'input' in n ? [n.input] : 'inputs' in n ? n.inputs : n.kind === 'ew' ? n.args.filter((x): x is number => typeof x === 'number') : [];
      for (const k of ins) expect(k).toBeLessThan(i);
    });
    expect(spec.root).toBe(spec.nodes.length - 1);
  });
  test('casts are inserted so inputs have the engine dtype; scalars are decimal literals', () => {
    const a = fromArray(new Uint16Array(4), [4]);
    const { spec } = toJob(ops.add(a, 0.5), { kind: 'compute' }, [4], 1);
    expect(spec.nodes.map((n) => (n.kind === 'ew' ? `${n.op}:${n.dtype}` : n.kind))).toEqual(['source', 'cast:float64', 'add:float64']);
    expect((spec.nodes[2] as { args: unknown[] }).args).toEqual([1, '0.5']);
    const { spec: s2 } = toJob(ops.where(a, a, 70000), { kind: 'compute' }, [4], 1);
    expect(s2.nodes.find((n) => n.kind === 'ew' && n.op === 'where')).toMatchObject({ dtype: 'uint16', args: [1, 0, '4464'] });
  });
  test('graph building is O(nodes): a 1e8-element array builds instantly and never reads data', () => {
    const a = DynamicArray.fromSource({
      spec: { kind: 'zarr', path: '/nonexistent', shape: [10000, 10000], dtype: 'float32', chunkShape: [100, 100],
        keyEncoding: { kind: 'default', separator: '/' }, fillValue: '00000000', codecs: [{ name: 'bytes' }] },
      shape: [10000, 10000], dtype: 'float32', chunks: [100, 100], shards: null, zarrFormat: 3, codecs: null,
      fillValue: 0, attributes: { a: 1 }, dimensionNames: ['y', 'x'],
    });
    expect(a.zarrFormat).toBe(3);
    let x = a;
    for (let k = 0; k < 2000; k++) x = ops.add(x.get('1:, :-1'), 1);
    expect(x.shape).toEqual([8000, 8000]);
    const { spec } = toJob(x, { kind: 'compute' }, [100, 100], 1);
    expect(spec.nodes.length).toBeGreaterThan(4000);
    const v = a.get('::2, 5').transpose();
    expect([v.zarrFormat, v.codecs, v.shards, v.dimensionNames, v.chunks]).toEqual([null, null, null, ['y'], [100]]);
    expect(a.transpose().dimensionNames).toEqual(['x', 'y']);
  });
});

describe('compute options', () => {
  const a = fromArray(new Float64Array(1000).map((_, i) => Math.sin(i)), [10, 100], { chunks: [3, 7] });
  test('unknown options and bad threads are rejected', async () => {
    await expect(a.compute({ nope: 1 } as never)).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT' });
    await expect(a.compute({ threads: 0 })).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT' });
  });
  test('an aborted signal rejects with ERR_ZARR_ABORTED', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(ops.sqrt(a).compute({ signal: ctl.signal })).rejects.toMatchObject({ code: 'ERR_ZARR_ABORTED' });
  });
  test('region size and threads do not change values', async () => {
    const exp = Array.from({ length: 1000 }, (_, i) => Math.abs(Math.sin(i)) * 2);
    for (const [regionSizeMb, threads] of [[0.0001, 1], [0.001, 3], [64, 2]] as const) {
      const r = await ops.multiply(ops.abs(a), 2).compute({ regionSizeMb, threads });
      expect(Array.from(r.data as Float64Array)).toEqual(exp);
    }
  });
  test('errors are DynaZarrErrors with the caller stack', async () => {
    try {
      await a.compute({ threads: -1 });
      throw new Error('no error');
    } catch (err) {
      expect(isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')).toBe(true);
      expect((err as Error).stack).toContain('dynamic-array.test');
    }
  });
});
