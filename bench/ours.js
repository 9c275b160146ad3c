'use strict';
/**
 * Our side of each benchmark: one task per process, through the public API of
 * the built package only (dist/cjs; BENCH_LIB overrides the entry point).
 *
 * usage: node bench/ours.js <task> <args-json>
 * Prints {seconds, rssMiB, ...} as its last line; `seconds` covers opening the
 * input through the last byte written (loading the module excluded, as on the
 * Python side). Hashes of read results are computed after the clock stops.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const LIB = process.env.BENCH_LIB || path.resolve(__dirname, '..', 'dist', 'cjs', 'index.js');
const { io, ops, Codecs, cluster } = require(LIB);

// The engine's process-wide counters (not public API; read after the clock stops).
const NATIVE = () => require(path.join(path.dirname(LIB), 'job', 'native.js')).native();

const now = () => Number(process.hrtime.bigint()) / 1e9;

function sha(nd) {
  const d = nd.data;
  return crypto.createHash('sha256').update(Buffer.from(d.buffer, d.byteOffset, d.byteLength)).digest();
}

function zstd(level) {
  return new Codecs({ compressor: 'zstd', clevel: level });
}

function fresh(p) {
  fs.rmSync(p, { recursive: true, force: true });
}

/** Every inner-chunk box as a NumPy-style selection string, C order of the grid. */
function innerSelections(shape, inner) {
  const counts = shape.map((n, i) => Math.ceil(n / inner[i]));
  const total = counts.reduce((a, b) => a * b, 1);
  const out = [];
  for (let k = 0; k < total; k++) {
    let rest = k;
    const idx = new Array(shape.length);
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = rest % counts[d];
      rest = Math.floor(rest / counts[d]);
    }
    out.push(idx.map((c, d) => `${c * inner[d]}:${Math.min(shape[d], (c + 1) * inner[d])}`).join(','));
  }
  return out;
}

const TASKS = {
  /** Read every chunk, write a new array with the same codecs. */
  async roundtrip(a) {
    fresh(a.dst);
    const t0 = now();
    const x = await io.read(a.src);
    const opts = { chunks: a.chunks, compressor: zstd(a.level), threads: a.threads };
    if (a.regionSizeMb) opts.regionSizeMb = a.regionSizeMb;
    if (a.shardCoefficients) opts.shardCoefficients = a.shardCoefficients;
    const report = await io.write(x, a.dst, opts);
    return { seconds: now() - t0, report };
  },

  /** The round trip as a cluster write: partitions run by the workers already listening on a.url. */
  async clusterRoundtrip(a) {
    fresh(a.dst);
    const t0 = now();
    const x = await io.read(a.src);
    const report = await cluster.submitWrite(x, a.dst, { chunks: a.chunks, compressor: zstd(a.level) }, { connection: a.url, queue: a.queue, partitions: a.partitions });
    return { seconds: now() - t0, report };
  },

  /** The whole array into memory. */
  async read(a) {
    const t0 = now();
    const x = await io.read(a.src);
    const nd = await x.compute({ threads: a.threads });
    const seconds = now() - t0;
    return { seconds, sha256: sha(nd).toString('hex') };
  },

  /** coarsen(x, factors, method), computed whole into memory. */
  async coarsen(a) {
    const t0 = now();
    const x = await io.read(a.src);
    const nd = await ops.coarsen(x, a.factors, a.method).compute({ threads: a.threads });
    const seconds = now() - t0;
    return { seconds, sha256: sha(nd).toString('hex'), shape: nd.shape };
  },

  /** Every inner chunk of a sharded array, all requests in flight at once (a tile server's load). */
  async readInner(a) {
    const t0 = now();
    const x = await io.read(a.src);
    const sels = innerSelections(x.shape, a.inner);
    const blocks = await Promise.all(sels.map((s) => x.get(s).compute({ threads: a.threads })));
    const seconds = now() - t0;
    const digest = crypto.createHash('sha256');
    for (const b of blocks) digest.update(sha(b));
    return { seconds, sha256: digest.digest('hex'), reads: blocks.length };
  },

  /** abs → clip → sqrt, written as zstd Zarr v3. */
  async lazy(a) {
    fresh(a.dst);
    const t0 = now();
    const x = await io.read(a.src);
    const y = ops.sqrt(ops.clip(ops.abs(x), a.lo, a.hi));
    const report = await io.write(y, a.dst, { chunks: a.chunks, compressor: zstd(a.level), threads: a.threads });
    return { seconds: now() - t0, dtype: y.dtype, report };
  },

  /** where(isfinite(x), log1p(abs(x)), 0) → astype float32, written as zstd Zarr v3 (one fused pass). */
  async pointwise(a) {
    fresh(a.dst);
    const t0 = now();
    const x = await io.read(a.src);
    const y = ops.where(ops.isfinite(x), ops.log1p(ops.abs(x)), 0).astype('float32');
    const report = await io.write(y, a.dst, { chunks: a.chunks, compressor: zstd(a.level), threads: a.threads });
    return { seconds: now() - t0, dtype: y.dtype, report };
  },

  /** mean and std of the whole array requested together: one read (batched reductions). */
  async meanStd(a) {
    const t0 = now();
    const x = await io.read(a.src);
    const [mean, std] = await Promise.all([x.mean(undefined, { threads: a.threads }), x.std(undefined, { threads: a.threads })]);
    return { seconds: now() - t0, mean, std };
  },

  /** A neighbourhood filter (`filter` names the ops function, `arg` its sigma/size), written as zstd Zarr v3. */
  async filter(a) {
    fresh(a.dst);
    const t0 = now();
    const x = await io.read(a.src);
    const y = ops[a.filter](x, a.arg);
    const opts = { chunks: a.chunks, compressor: zstd(a.level), threads: a.threads };
    if (a.regionSizeMb) opts.regionSizeMb = a.regionSizeMb;
    const report = await io.write(y, a.dst, opts);
    return { seconds: now() - t0, dtype: y.dtype, report };
  },

  /**
   * io.writeOmeZarr: an OME-Zarr pyramid (mean levels) from one read of the source. Reports
   * the engine's counters: TIFF tiles decoded (each once = the source read once) and bytes
   * read (the stored levels later passes read).
   */
  async omeZarr(a) {
    fresh(a.dst);
    const t0 = now();
    const x = await io.read(a.src);
    const opts = { zarrFormat: a.zarrFormat, levels: a.levels, method: 'mean', chunks: a.chunks, compressor: zstd(a.level), threads: a.threads };
    if (a.shardCoefficients) opts.shardCoefficients = a.shardCoefficients;
    if (a.regionSizeMb) opts.regionSizeMb = a.regionSizeMb;
    const report = await io.writeOmeZarr(x, a.dst, opts);
    const seconds = now() - t0;
    const { bytesRead, bytesWritten, tilesDecoded } = NATIVE().counters();
    return { seconds, bytesRead, bytesWritten, tilesDecoded, passes: report.passes, notes: report.notes };
  },

  /** A full-array sum (a reduction to one number). */
  async sum(a) {
    const t0 = now();
    const x = await io.read(a.src);
    const total = await x.sum();
    return { seconds: now() - t0, sum: Number(total) };
  },
};

async function main() {
  const [task, json] = process.argv.slice(2);
  if (!TASKS[task]) throw new Error(`unknown task ${task}; one of ${Object.keys(TASKS).join(', ')}`);
  const res = await TASKS[task](JSON.parse(json));
  const usage = process.resourceUsage();
  res.rssMiB = usage.maxRSS / 1024;
  res.cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6; // whole process, module load included
  process.stdout.write(`\n${JSON.stringify(res, (k, v) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err && err.code ? `${err.code}: ` : ''}${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
