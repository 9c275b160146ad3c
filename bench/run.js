#!/usr/bin/env node
'use strict';
/**
 * Benchmarks against the peers, side by side in one run, outputs verified.
 *
 * usage: node bench/run.js [foundation|lazy|pointwise|reduce|coarsen|filters|tiff|durability|codecbound|pyramid|cluster|serve ...]   (default: foundation lazy)
 *   pyramid: BENCH_PYRAMID=v2|v3 runs one format, BENCH_SKIP_PEERS=1 only ours (and BENCH_BASELINE)
 * Needs `npm run build` (our side loads dist/) and .venv (scripts/setup.sh).
 * Prints a table and appends a dated section to bench/README.md.
 */
const os = require('node:os');
const { load, ours, peer, py, run } = require('./lib/child');
const { DATA, dataPath, ensure, removeOutput } = require('./lib/data');
const { buildCodecBound, chunkFiles } = require('./lib/native');
const { Report, appendReadme } = require('./lib/report');
const { serve } = require('./serve/suite');

const THREADS = 2;
const REPEAT = Number(process.env.BENCH_REPEAT || 3);
const N = 512;

const out = (name) => dataPath(`out-${name}.zarr`);
const verify = async (a, b, close = false) => py('verify.py', [a, b, ...(close ? ['--allclose'] : [])]);

async function foundation(report) {
  const src = await ensure('u16.zarr', 'zarr', { shape: [N, N, N], dtype: 'uint16', chunks: [128, 128, 128], level: 3, kind: 'uint16' });
  const bytes = N ** 3 * 2;
  const job = { src: src.path, chunks: [128, 128, 128], level: 3, threads: THREADS };

  const mine = await report.measure('dyna_zarr', 'round trip u16 zstd3', () => ours('roundtrip', { ...job, dst: out('rt-ours') }), { repeat: REPEAT, bytes });
  const ts = await report.measure('tensorstore', 'round trip u16 zstd3', () => peer('ts_roundtrip', { ...job, dst: out('rt-ts') }), { repeat: REPEAT, bytes });
  for (const [row, name] of [[mine, 'rt-ours'], [ts, 'rt-ts']]) {
    if (row) { const v = await verify(src.path, out(name)); report.verify(row, v.equal, v.equal ? '' : JSON.stringify(v.firstDiff)); }
  }
  if (mine && ts) report.check('round trip vs TensorStore', `${(ts.seconds / mine.seconds).toFixed(2)}×`, '≥ 1.00×', mine.seconds <= ts.seconds);

  const reads = [
    await report.measure('dyna_zarr', 'read whole u16', () => ours('read', job), { repeat: REPEAT, bytes }),
    await report.measure('tensorstore', 'read whole u16', () => peer('ts_read', job), { repeat: REPEAT, bytes }),
    await report.measure('zarr-python', 'read whole u16', () => peer('zarr_read', job), { repeat: 1, bytes }),
  ];
  for (const row of reads) if (row) report.verify(row, row.result.sha256 === src.sha256);

  const sharded = await ensure('u16-sharded.zarr', 'shard', { shards: [256, 256, 256], inner: [64, 64, 64], level: 3 }, ['u16.zarr']);
  const inner = { src: sharded.path, inner: [64, 64, 64], threads: THREADS };
  const tiles = [
    await report.measure('dyna_zarr', 'every 64³ inner chunk, concurrent', () => ours('readInner', inner), { repeat: REPEAT, bytes }),
    await report.measure('tensorstore', 'every 64³ inner chunk, concurrent', () => peer('ts_read_inner', inner), { repeat: REPEAT, bytes }),
  ];
  if (tiles[0] && tiles[1]) {
    const same = tiles[0].result.sha256 === tiles[1].result.sha256;
    for (const row of tiles) report.verify(row, same, `${row.result.reads} reads`);
  }

  // Memory: the array (256 MiB) is 4× the write's budget 2 × regionSizeMb × threads.
  const regionSizeMb = 16;
  const limit = 2 * regionSizeMb * THREADS + 200;
  const rss = await report.measure('dyna_zarr', `write, regionSizeMb ${regionSizeMb}`, () => ours('roundtrip', { ...job, regionSizeMb, dst: out('rt-rss') }), { bytes });
  if (rss) {
    const v = await verify(src.path, out('rt-rss'));
    report.verify(rss, v.equal);
    report.check('peak RSS of a write', `${rss.rssMiB.toFixed(0)} MiB`, `< ${limit} MiB`, rss.rssMiB < limit);
  }
  for (const n of ['rt-ours', 'rt-ts', 'rt-rss']) removeOutput(out(n));
}

async function lazy(report) {
  const src = await ensure('f32.zarr', 'zarr', { shape: [N, N, N], dtype: 'float32', chunks: [128, 128, 128], level: 3, kind: 'float32' });
  const bytes = N ** 3 * 4;
  const job = { src: src.path, chunks: [128, 128, 128], level: 3, threads: THREADS, lo: 0.1, hi: 1.5 };

  const plain = await report.measure('dyna_zarr', 'round trip f32 (no ops)', () => ours('roundtrip', { ...job, dst: out('lz-plain') }), { repeat: REPEAT, bytes });
  const mine = await report.measure('dyna_zarr', 'abs→clip→sqrt f32', () => ours('lazy', { ...job, dst: out('lz-ours') }), { repeat: REPEAT, bytes });
  const dask = await report.measure('dask', 'abs→clip→sqrt f32', () => peer('dask_lazy', { ...job, dst: out('lz-dask') }), { repeat: Math.min(REPEAT, 2), bytes });
  const dz = await report.measure('dyna-zarr (Python)', 'abs→clip→sqrt f32', () => peer('dz_lazy', { ...job, dst: out('lz-dz') }), { repeat: 1, bytes });
  if (plain) { const v = await verify(src.path, out('lz-plain')); report.verify(plain, v.equal); }
  for (const [row, name] of [[dask, 'lz-dask'], [dz, 'lz-dz']]) {
    if (row && mine) {
      const v = await verify(out('lz-ours'), out(name), true);
      report.verify(row, v.equal, `max |diff| vs ours ${v.maxAbsDiff}`);
    }
  }
  if (mine && dask) report.verify(mine, dask.verified === 'yes', 'checked against dask');
  if (mine && dask) report.check('abs→clip→sqrt vs dask', `${(dask.seconds / mine.seconds).toFixed(2)}×`, '≥ 3×', dask.seconds >= 3 * mine.seconds);
  if (mine && dz) report.check('abs→clip→sqrt vs Python dyna-zarr', `${(dz.seconds / mine.seconds).toFixed(2)}×`, '≥ 2×', dz.seconds >= 2 * mine.seconds);
  if (mine && plain) {
    const overhead = mine.seconds / plain.seconds - 1;
    report.check('fused pass over a plain round trip', `${(overhead * 100).toFixed(1)}%`, '< 15%', overhead < 0.15);
  }

  const read = await report.measure('dyna_zarr', 'read whole f32', () => ours('read', job), { repeat: REPEAT, bytes });
  const sum = await report.measure('dyna_zarr', 'sum() f32', () => ours('sum', job), { repeat: REPEAT, bytes });
  const dsum = await report.measure('dask', 'sum() f32', () => peer('dask_sum', job), { repeat: 1, bytes });
  if (read) report.verify(read, read.result.sha256 === src.sha256);
  for (const row of [sum, dsum]) if (row) report.verify(row, Math.abs(row.result.sum - src.sum) <= 1e-6 * Math.abs(src.sum), `sum ${row.result.sum}`);
  if (sum && read) report.check('sum() vs a plain read', `${(sum.seconds / read.seconds).toFixed(2)}× the read time`, '≈ 1×', sum.seconds <= 1.15 * read.seconds);
  for (const n of ['lz-plain', 'lz-ours', 'lz-dask', 'lz-dz']) removeOutput(out(n));
}

async function pointwise(report) {
  const src = await ensure('f32.zarr', 'zarr', { shape: [N, N, N], dtype: 'float32', chunks: [128, 128, 128], level: 3, kind: 'float32' });
  const bytes = N ** 3 * 4;
  const job = { src: src.path, chunks: [128, 128, 128], level: 3, threads: THREADS };
  const task = 'where(isfinite, log1p(abs), 0)→f32';

  const plain = await report.measure('dyna_zarr', 'round trip f32 (no ops)', () => ours('roundtrip', { ...job, dst: out('pw-plain') }), { repeat: REPEAT, bytes });
  const mine = await report.measure('dyna_zarr', task, () => ours('pointwise', { ...job, dst: out('pw-ours') }), { repeat: REPEAT, bytes });
  const dask = await report.measure('dask', task, () => peer('dask_pointwise', { ...job, dst: out('pw-dask') }), { repeat: Math.min(REPEAT, 2), bytes });
  const dz = await report.measure('dyna-zarr (Python)', task, () => peer('dz_pointwise', { ...job, dst: out('pw-dz') }), { repeat: 1, bytes });
  if (plain) { const v = await verify(src.path, out('pw-plain')); report.verify(plain, v.equal); }
  for (const [row, name] of [[dask, 'pw-dask'], [dz, 'pw-dz']]) {
    if (row && mine) {
      const v = await verify(out('pw-ours'), out(name), true);
      report.verify(row, v.equal, `max |diff| vs ours ${v.maxAbsDiff}`);
    }
  }
  if (mine && dask) report.verify(mine, dask.verified === 'yes', 'checked against dask');
  if (mine && dask) report.check(`${task} vs dask`, `${(dask.seconds / mine.seconds).toFixed(2)}×`, '≥ 2×', dask.seconds >= 2 * mine.seconds);
  if (mine && dz) report.check(`${task} vs Python dyna-zarr`, `${(dz.seconds / mine.seconds).toFixed(2)}×`, '≥ 2×', dz.seconds >= 2 * mine.seconds);
  if (mine && plain) report.check('fused pass vs a plain round trip', `${(mine.seconds / plain.seconds).toFixed(2)}×`, '≤ 1.15×', mine.seconds <= 1.15 * plain.seconds);
  for (const n of ['pw-plain', 'pw-ours', 'pw-dask', 'pw-dz']) removeOutput(out(n));
}

async function coarsen(report) {
  const src = await ensure('u16.zarr', 'zarr', { shape: [N, N, N], dtype: 'uint16', chunks: [128, 128, 128], level: 3, kind: 'uint16' });
  const bytes = N ** 3 * 2;
  const job = { src: src.path, threads: THREADS, factors: [2, 2, 2], method: 'mean' };
  const read = await report.measure('dyna_zarr', 'read whole u16', () => ours('read', job), { repeat: REPEAT, bytes });
  const mine = await report.measure('dyna_zarr', 'coarsen mean [2,2,2] u16', () => ours('coarsen', job), { repeat: REPEAT, bytes });
  const ts = await report.measure('tensorstore', 'downsample mean [2,2,2] u16', () => peer('ts_downsample', job), { repeat: REPEAT, bytes });
  if (read) report.verify(read, read.result.sha256 === src.sha256);
  if (mine && ts) {
    const same = mine.result.sha256 === ts.result.sha256;
    for (const row of [mine, ts]) report.verify(row, same, `shape ${row.result.shape}`);
  }
  if (mine && read) report.check('coarsen vs a plain read', `${(mine.seconds / read.seconds).toFixed(2)}× the read time`, '≤ 1.2×', mine.seconds <= 1.2 * read.seconds);
  if (mine && ts) report.check('coarsen vs TensorStore downsample', `${(ts.seconds / mine.seconds).toFixed(2)}×`, '≥ 1.00×', mine.seconds <= ts.seconds);
}

async function filters(report) {
  const f32 = await ensure('f32.zarr', 'zarr', { shape: [N, N, N], dtype: 'float32', chunks: [128, 128, 128], level: 3, kind: 'float32' });
  const u16 = await ensure('u16-256.zarr', 'zarr', { shape: [256, 256, 256], dtype: 'uint16', chunks: [64, 64, 64], level: 3, kind: 'uint16' });
  const runs = [
    { src: f32, chunks: [128, 128, 128], bytes: N ** 3 * 4, filter: 'gaussianFilter', pyFilter: 'gaussian_filter', arg: 2, label: 'gaussianFilter σ2 f32 512³', exact: false },
    { src: u16, chunks: [64, 64, 64], bytes: 256 ** 3 * 2, filter: 'medianFilter', pyFilter: 'median_filter', arg: 3, label: 'medianFilter 3 u16 256³', exact: true },
  ];
  for (const r of runs) {
    const job = { src: r.src.path, chunks: r.chunks, level: 3, threads: THREADS, filter: r.filter, pyFilter: r.pyFilter, arg: r.arg };
    // Default budget (64 MiB), and 256 MiB: about the Python library's own peak RSS. A halo makes
    // each region decode its neighbours' chunks whole, so larger regions decode less twice.
    const mine = await report.measure('dyna_zarr', r.label, () => ours('filter', { ...job, dst: out('fl-ours') }), { repeat: Math.min(REPEAT, 2), bytes: r.bytes });
    const big = await report.measure('dyna_zarr', `${r.label}, regionSizeMb 256`, () => ours('filter', { ...job, regionSizeMb: 256, dst: out('fl-big') }), { repeat: Math.min(REPEAT, 2), bytes: r.bytes });
    const dz = await report.measure('dyna-zarr (Python)', r.label, () => peer('dz_filter', { ...job, dst: out('fl-dz') }), { repeat: 1, bytes: r.bytes });
    if (big && dz) {
      const v = await verify(out('fl-big'), out('fl-dz'), !r.exact);
      report.verify(big, v.equal, `max |diff| vs Python dyna-zarr ${v.maxAbsDiff}`);
      report.check(`${r.label} (regionSizeMb 256) vs Python dyna-zarr`, `${(dz.seconds / big.seconds).toFixed(2)}×`, '≥ 3×', dz.seconds >= 3 * big.seconds);
    }
    if (mine && dz) {
      // Both compute scipy.ndimage's values; float32 may differ in a last bit (Gaussian weights), integers not at all.
      const v = await verify(out('fl-ours'), out('fl-dz'), !r.exact);
      report.verify(dz, v.equal, `max |diff| vs ours ${v.maxAbsDiff}`);
      report.verify(mine, v.equal, 'checked against Python dyna-zarr');
      report.check(`${r.label} vs Python dyna-zarr`, `${(dz.seconds / mine.seconds).toFixed(2)}×`, '≥ 3×', dz.seconds >= 3 * mine.seconds);
    }
    for (const n of ['fl-ours', 'fl-big', 'fl-dz']) removeOutput(out(n));
  }
}

async function tiff(report) {
  const shape = [32, 5792, 5792]; // ≈ 2 GiB of uint16
  const src = await ensure('big.tif', 'tiff', { shape, tile: [256, 256], kind: 'uint16', level: 6 });
  const bytes = shape.reduce((a, b) => a * b, 1) * 2;
  const job = { src: src.path, chunks: [1, 256, 256], shardCoefficients: [4, 4, 4], level: 3, threads: THREADS };
  const mine = await report.measure('dyna_zarr', 'TIFF → sharded zstd v3', () => ours('roundtrip', { ...job, dst: out('tf-ours') }), { repeat: 1, bytes });
  const dz = await report.measure('dyna-zarr (Python)', 'TIFF → sharded zstd v3', () => peer('dz_convert', { ...job, dst: out('tf-dz') }), { repeat: 1, bytes });
  for (const [row, name] of [[mine, 'tf-ours'], [dz, 'tf-dz']]) {
    if (row) { const v = await verify(src.path, out(name)); report.verify(row, v.equal); }
  }
  if (mine && dz) report.check('TIFF conversion vs Python dyna-zarr', `${(dz.seconds / mine.seconds).toFixed(2)}×`, '≥ 2×', dz.seconds >= 2 * mine.seconds);
  if (mine) report.check('peak RSS of the TIFF conversion', `${mine.rssMiB.toFixed(0)} MiB`, '< 1024 MiB', mine.rssMiB < 1024);
  for (const n of ['tf-ours', 'tf-dz']) removeOutput(out(n));
}

/**
 * TIFF → OME-Zarr pyramid (5 mean levels): ours (io.writeOmeZarr, one read of the
 * source) against ngff-zarr (bin shrink, each level from the one above) and the
 * Python dyna-zarr's write_levels, for Zarr v3 / NGFF 0.5 (sharded) and v2 / NGFF 0.4.
 */
/** The commit of BENCH_BASELINE, for its rows' name. */
function baselineName() {
  const r = require('node:child_process').spawnSync('git', ['-C', process.env.BENCH_BASELINE, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : process.env.BENCH_BASELINE;
}

async function pyramid(report) {
  const shape = [32, 5792, 5792]; // ≈ 2 GiB of uint16
  const src = await ensure('big.tif', 'tiff', { shape, tile: [256, 256], kind: 'uint16', level: 6 });
  const bytes = shape.reduce((a, b) => a * b, 1) * 2;
  const fileBytes = require('node:fs').statSync(src.path).size;
  const tiles = shape[0] * Math.ceil(shape[1] / 256) * Math.ceil(shape[2] / 256);
  const timeoutMs = Number(process.env.BENCH_PEER_TIMEOUT_S || 300) * 1000;
  const formats = [
    { zarrFormat: 3, version: '0.5', shardCoefficients: [4, 4, 4], label: 'TIFF → OME-Zarr v3/0.5, 5 levels, sharded zstd' },
    { zarrFormat: 2, version: '0.4', label: 'TIFF → OME-Zarr v2/0.4, 5 levels, zstd' },
  ];
  // BENCH_PYRAMID=v2 or v3: one format only; BENCH_SKIP_PEERS=1: ours (and BENCH_BASELINE) only, still verified.
  const only = process.env.BENCH_PYRAMID;
  const skipPeers = process.env.BENCH_SKIP_PEERS === '1';
  for (const f of formats.filter((x) => !only || only === `v${x.zarrFormat}`)) {
    // regionSizeMb 300 (ours and the Python dyna-zarr alike): more levels per pass from the source, well within the RSS target.
    const job = { src: src.path, levels: 5, chunks: [8, 128, 128], level: 3, threads: THREADS, zarrFormat: f.zarrFormat, shardCoefficients: f.shardCoefficients, regionSizeMb: 300 };
    const tag = `py${f.zarrFormat}`;
    // A peer past the timeout is killed (its row FAILED, "killed by SIGKILL") and recorded as "> N s".
    const slow = (task, dst) => peer(task, { ...job, dst }, { timeoutMs });
    const stopped = (who, row) => {
      if (!row) report.check(`${who}, ${f.label}`, `> ${timeoutMs / 1000} s or failed (see its row)`, 'finishes', false);
    };
    const mine = await report.measure('dyna_zarr', f.label, () => ours('omeZarr', { ...job, dst: out(`${tag}-ours`) }), { repeat: 1, bytes });
    // BENCH_BASELINE=<a built checkout>: the same task by that version, for a before/after in one run.
    const baseline = process.env.BENCH_BASELINE
      ? await report.measure(`dyna_zarr before (${baselineName()})`, f.label, () => run(process.execPath, [require('node:path').join(process.env.BENCH_BASELINE, 'bench', 'ours.js'), 'omeZarr', JSON.stringify({ ...job, dst: out(`${tag}-base`) })]), { repeat: 1, bytes })
      : null;
    if (baseline) {
      report.verify(baseline, null);
      removeOutput(out(`${tag}-base`));
    }
    for (const row of [mine, baseline]) if (row) row.note = `${row.result.cpuSeconds.toFixed(1)} CPU-s${row.note ? `; ${row.note}` : ''}`;
    const nz = skipPeers ? null : await report.measure('ngff-zarr', `${f.label} (bin shrink)`, () => slow('ngff_pyramid', out(`${tag}-nz`)), { repeat: 1, bytes });
    if (!skipPeers) stopped('ngff-zarr', nz);
    const dz = skipPeers ? null : await report.measure('dyna-zarr (Python)', `${f.label} (write_levels)`, () => slow('dz_levels', out(`${tag}-dz`)), { repeat: 1, bytes });
    if (!skipPeers) stopped('dyna-zarr (Python)', dz);
    if (mine) {
      const peers = [[nz, `${tag}-nz`], [dz, `${tag}-dz`]].filter(([row]) => row);
      // Level k is checked against a downsample of the level it was written from (a later pass reads a stored level).
      const from = Array(job.levels).fill(0);
      for (const n of mine.result.notes) {
        const m = /levels (\d+)\.\.(\d+) written from the stored level (\d+)/.exec(n);
        if (m) for (let k = Number(m[1]); k <= Number(m[2]); k++) from[k] = Number(m[3]);
      }
      const v = await py('verify_pyramid.py', [out(`${tag}-ours`), JSON.stringify(from), f.version, ...peers.map(([, n]) => out(n))]);
      const ds = v.downsample.every(Boolean);
      report.verify(mine, v.valid && ds, `ome-zarr-models v${f.version.replace('.', '')} Image ${v.valid ? 'valid' : v.error}; level k = TensorStore mean downsample of level ${JSON.stringify(from)}[k]: ${v.downsample.join(',')}; ${mine.result.passes} pass(es); ${mine.result.tilesDecoded} TIFF tiles decoded (${tiles} in the file)`);
      for (const [row, name] of peers) {
        const levels = v.peers[out(name)];
        report.verify(row, levels.every((l) => l.equal), `levels equal to ours: ${levels.map((l) => (l.equal ? 'yes' : `no (max |diff| ${l.maxAbsDiff})`)).join(', ')}`);
      }
      // The source read once: every TIFF tile decoded exactly once. bytesRead counts the stored levels later passes read.
      report.check(`source read once, ${f.label}`, `${mine.result.tilesDecoded} of ${tiles} tiles decoded (TIFF ${fileBytes} B); later passes read ${mine.result.bytesRead} B of stored levels`, 'each tile once', mine.result.tilesDecoded === tiles);
      report.check(`peak RSS, ${f.label}`, `${mine.rssMiB.toFixed(0)} MiB`, '< 1024 MiB', mine.rssMiB < 1024);
      if (nz) report.check(`${f.label} vs ngff-zarr`, `${(nz.seconds / mine.seconds).toFixed(2)}×`, '≥ 3×', nz.seconds >= 3 * mine.seconds);
      if (dz) report.check(`${f.label} vs Python dyna-zarr write_levels`, `${(dz.seconds / mine.seconds).toFixed(2)}×`, '≥ 1.5×', dz.seconds >= 1.5 * mine.seconds);
    }
    for (const n of ['ours', 'nz', 'dz']) removeOutput(out(`${tag}-${n}`));
  }
}

/**
 * The cost of durable writes: the same write with fsync (the default) and
 * with DYNA_ZARR_NO_FSYNC=1, for few large chunks and for many small ones.
 */
async function durability(report) {
  const src = await ensure('u16.zarr', 'zarr', { shape: [N, N, N], dtype: 'uint16', chunks: [128, 128, 128], level: 3, kind: 'uint16' });
  const bytes = N ** 3 * 2;
  const cases = [
    ['512³ u16 zstd3, 128³ chunks (64 files)', [128, 128, 128]],
    ['512³ u16 zstd3, 32³ chunks (4096 files)', [32, 32, 32]],
  ];
  const modes = [['fsync', {}], ['no fsync', { DYNA_ZARR_NO_FSYNC: '1' }]];
  for (const [label, chunks] of cases) {
    const job = { src: src.path, chunks, level: 3, threads: THREADS };
    // Runs alternate between the modes (ABABAB), so a change in the shared
    // machine's load falls on both alike; each row keeps its best run.
    const runs = modes.map(() => []);
    const loadBefore = load();
    for (let i = 0; i < REPEAT; i++) {
      for (const [m, [mode, env]] of modes.entries()) {
        const dst = out(`du-${mode.replace(' ', '-')}`);
        const res = await ours('roundtrip', { ...job, dst }, { env });
        if (i === 0) res.verified = (await verify(src.path, dst)).equal;
        removeOutput(dst);
        runs[m].push(res);
      }
    }
    const loads = `${loadBefore}→${load()}`;
    const rows = [];
    for (const [m, [mode]] of modes.entries()) {
      const row = await report.measure('dyna_zarr', `write ${label}, ${mode}`, (i) => runs[m][i], { repeat: REPEAT, bytes });
      report.verify(row, runs[m][0].verified);
      if (row) row.load = loads; // over all the alternating runs of both modes
      rows.push(row);
    }
    if (rows[0] && rows[1]) {
      const cost = rows[0].seconds / rows[1].seconds - 1;
      report.check(`fsync cost, ${label}`, `${(cost * 100).toFixed(1)}% (${(rows[0].seconds - rows[1].seconds).toFixed(2)} s)`, 'measured, none set', true);
    }
  }
}

/**
 * The round trip against its codec bound: the seconds libzstd alone needs to
 * decode every stored chunk and encode every decoded one (bench/native/
 * codec_bound.cpp, one thread, chunks already in memory) divided by the
 * cores. Runs alternate (ours, bound, ours, bound, …) so load falls on both
 * alike; each keeps its best. The bound is also given in CPU seconds, and
 * ours in process CPU seconds, which the machine's load does not inflate.
 */
async function codecbound(report) {
  const src = await ensure('u16.zarr', 'zarr', { shape: [N, N, N], dtype: 'uint16', chunks: [128, 128, 128], level: 3, kind: 'uint16' });
  const bytes = N ** 3 * 2;
  const job = { src: src.path, chunks: [128, 128, 128], level: 3, threads: THREADS };
  const tool = buildCodecBound(DATA);
  const files = chunkFiles(src.path);
  const modes = [
    ['dyna_zarr', 'round trip u16 zstd3', () => ours('roundtrip', { ...job, dst: out('cb-ours') })],
    ['libzstd alone', 'decode + encode every chunk, 1 thread', () => run(tool, [String(job.level), ...files])],
  ];
  const runs = modes.map(() => []);
  const loadBefore = load();
  for (let i = 0; i < REPEAT; i++) {
    for (const [m, [, , fn]] of modes.entries()) runs[m].push(await fn());
  }
  const loads = `${loadBefore}→${load()}`;
  const rows = [];
  for (const [m, [who, task]] of modes.entries()) {
    const row = await report.measure(who, task, (i) => runs[m][i], { repeat: REPEAT, bytes });
    if (row) row.load = loads;
    rows.push(row);
  }
  const [mine, codec] = rows;
  if (mine) {
    const v = await verify(src.path, out('cb-ours'));
    report.verify(mine, v.equal, `${mine.result.cpuSeconds.toFixed(2)} s CPU`);
  }
  if (codec) report.verify(codec, codec.result.chunks === files.length, `${codec.result.cpuSeconds.toFixed(2)} s CPU (decode ${codec.result.decodeSeconds.toFixed(2)} s, encode ${codec.result.encodeSeconds.toFixed(2)} s wall)`);
  if (mine && codec) {
    const bound = codec.seconds / THREADS;
    const ratio = bound / mine.seconds;
    report.check('codec bound / round trip (wall)', `${ratio.toFixed(2)} (bound ${bound.toFixed(3)} s = ${codec.seconds.toFixed(3)} s / ${THREADS} cores; round trip ${mine.seconds.toFixed(3)} s)`, '≥ 0.85', ratio >= 0.85);
    const bestCpu = (rs) => Math.min(...rs.map((r) => r.cpuSeconds));
    const cpuRatio = bestCpu(runs[1]) / bestCpu(runs[0]);
    report.check('codec CPU / round-trip CPU', `${cpuRatio.toFixed(2)} (${bestCpu(runs[1]).toFixed(2)} s / ${bestCpu(runs[0]).toFixed(2)} s, best of each)`, 'measured, none set', true);
  }
  removeOutput(out('cb-ours'));
}

async function reduce(report) {
  const src = await ensure('f32.zarr', 'zarr', { shape: [N, N, N], dtype: 'float32', chunks: [128, 128, 128], level: 3, kind: 'float32' });
  const bytes = N ** 3 * 4;
  const job = { src: src.path, threads: THREADS };
  const read = await report.measure('dyna_zarr', 'read whole f32', () => ours('read', job), { repeat: REPEAT, bytes });
  const mine = await report.measure('dyna_zarr', 'mean + std f32 (Promise.all)', () => ours('meanStd', job), { repeat: REPEAT, bytes });
  const dz = await report.measure('dyna-zarr (Python)', 'mean + std f32 (one chain)', () => peer('dz_mean_std', job), { repeat: 1, bytes });
  if (read) report.verify(read, read.result.sha256 === src.sha256);
  if (mine && dz) {
    const close = (x, y) => Math.abs(x - y) <= 1e-5 * Math.max(1, Math.abs(y));
    const same = close(mine.result.mean, dz.result.mean) && close(mine.result.std, dz.result.std);
    for (const row of [mine, dz]) report.verify(row, same, `mean ${row.result.mean}, std ${row.result.std}`);
    report.check('mean + std vs Python dyna-zarr', `${(dz.seconds / mine.seconds).toFixed(2)}×`, '≥ 2×', dz.seconds >= 2 * mine.seconds);
  }
  if (mine && read) report.check('mean + std vs a plain read', `${(mine.seconds / read.seconds).toFixed(2)}× the read time`, '≈ 1× (one read)', mine.seconds <= 1.25 * read.seconds);
}

/**
 * cluster.submitWrite on this machine: a 1 GiB round trip (u16, zstd 3) run
 * by 1 worker × 1 thread and by 2 workers × 1 thread, through one
 * redis-server on loopback with a queue for each (3 idle-waiting worker
 * processes in all); the two alternate, run after run, so both see the same
 * load from the other sessions. io.write with 1 thread is the one-machine
 * reference. Every output is checked against the input.
 */
async function clusterSuite(report) {
  const { startCluster } = require('./lib/cluster');
  const src = await ensure('u16-1g.zarr', 'zarr', { shape: [1024, 512, 1024], dtype: 'uint16', chunks: [128, 128, 128], level: 3, kind: 'uint16' });
  const bytes = 1024 * 512 * 1024 * 2;
  const job = { src: src.path, chunks: [128, 128, 128], level: 3, partitions: 32 };
  const setups = [['one', 1], ['two', 2]];
  const c = await startCluster(setups);
  const best = { local: null, one: null, two: null };
  const keep = (key, row) => {
    if (row && (!best[key] || row.seconds < best[key].seconds)) best[key] = row;
  };
  try {
    for (let i = 1; i <= REPEAT; i++) {
      keep('local', await report.measure('dyna_zarr io.write', `1 GiB round trip, 1 thread (run ${i})`, () => ours('roundtrip', { ...job, threads: 1, dst: out('cl-local') }), { bytes }));
      for (const [queue, workers] of setups) {
        const row = await report.measure('dyna_zarr cluster', `1 GiB round trip, ${workers} worker${workers > 1 ? 's' : ''} × 1 thread (run ${i})`,
          () => ours('clusterRoundtrip', { ...job, url: c.url, queue, dst: out(`cl-${queue}`) }), { bytes });
        if (row) {
          const v = await verify(src.path, out(`cl-${queue}`));
          report.verify(row, v.equal);
          if (v.equal) keep(queue, row);
        }
      }
    }
  } finally {
    await c.stop();
  }
  if (best.local) { const v = await verify(src.path, out('cl-local')); report.verify(best.local, v.equal); }
  if (best.one && best.two) {
    report.check('2 workers × 1 thread vs 1 worker × 1 thread (best runs)', `${(best.one.seconds / best.two.seconds).toFixed(2)}×`, '> 1.5× on an idle 2-core machine', best.one.seconds / best.two.seconds > 1.5);
  }
  if (best.local && best.one) report.check('1 worker vs io.write, 1 thread each (best runs)', `${(best.one.seconds / best.local.seconds).toFixed(2)}× the time`, '≈ 1× (queue overhead small)', best.one.seconds < 1.2 * best.local.seconds);
  report.note(`${os.cpus().length} cores shared with other sessions; load averages in the table. Peak RSS is the submitting process's (the workers are separate processes).`);
  for (const n of ['cl-local', 'cl-one', 'cl-two']) removeOutput(out(n));
}

const SUITES = { foundation, lazy, pointwise, reduce, coarsen, filters, tiff, durability, codecbound, pyramid, cluster: clusterSuite, serve };

async function main() {
  const names = process.argv.slice(2);
  for (const name of names.length ? names : ['foundation', 'lazy']) {
    if (!SUITES[name]) throw new Error(`unknown suite ${name}; one of ${Object.keys(SUITES).join(', ')}`);
    const report = new Report(`Benchmark: ${name}`);
    process.stderr.write(`${name}:\n`);
    await SUITES[name](report);
    console.log(report.markdown(`node bench/run.js ${name}`));
    appendReadme(report.markdown(`node bench/run.js ${name}`));
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
