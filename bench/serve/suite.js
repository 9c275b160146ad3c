'use strict';
/**
 * `node bench/run.js serve`: tile-serving throughput. One HTTP server per
 * peer (bench/serve/server.js for dyna_zarr and zarrita.js,
 * bench/serve/ts_server.py for TensorStore), each started alone on
 * 127.0.0.1 and driven by the same client (bench/serve/client.js: same tile
 * list, same concurrency, keep-alive). Local disk first, then the same array
 * over HTTP from nginx (when io.read accepts http:// URLs). Outputs are
 * verified by comparing the sha256 of a sample of tiles across the peers.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { run } = require('../lib/child');
const { dataPath } = require('../lib/data');
const { startNginx } = require('./nginx');

const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = [process.env.DZ_PYTHON, path.join(ROOT, '.venv', 'bin', 'python')].find((p) => p && fs.existsSync(p));
const SHAPE = (process.env.SERVE_SHAPE || '32,4096,4096').split(',').map(Number);
const CONVERT_SHAPE = [8, 4096, 4096];
const COUNT = Number(process.env.SERVE_COUNT || 4000);
const CACHE_MB = 256;

/** Generates an input once (bench/serve/make-array.js), keyed by its shape. */
async function ensureArray(name, shape) {
  const target = dataPath(name);
  const metaFile = `${target}.meta.json`;
  const key = JSON.stringify({ shape, v: 1 });
  if (fs.existsSync(metaFile) && fs.existsSync(target) && JSON.parse(fs.readFileSync(metaFile, 'utf8')).key === key) return target;
  process.stderr.write(`generating bench/data/${name} ...\n`);
  fs.rmSync(target, { recursive: true, force: true });
  const result = await run(process.execPath, [path.join(__dirname, 'make-array.js'), target, JSON.stringify({ shape })]);
  fs.writeFileSync(metaFile, JSON.stringify({ key, result }));
  return target;
}

/** Reads every file under dir once, so every peer starts with the same (warm) page cache. */
function warmPageCache(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) warmPageCache(p);
    else fs.readFileSync(p);
  }
}

/** Starts a server child; resolves once it printed its port. Stopped by its PID. */
function startServer(peer, args) {
  const [cmd, argv] = peer === 'tensorstore'
    ? [PYTHON, [path.join(__dirname, 'ts_server.py'), JSON.stringify(args)]]
    : [process.execPath, [path.join(__dirname, 'server.js'), peer, JSON.stringify(args)]];
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
  let err = '';
  child.stderr.on('data', (b) => { err += b; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${peer} server did not start: ${err.slice(-500)}`)); }, 60000);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${peer} server exited ${code}: ${err.slice(-800)}`)); });
    child.stdout.on('data', (b) => {
      out += b;
      const m = /\{"port": ?(\d+)\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ port: Number(m[1]), pid: child.pid, stop: () => child.kill('SIGTERM'), stderr: () => err });
      }
    });
  });
}

/** CPU seconds (user + system) a process has used so far (Linux /proc, 100 ticks a second). */
function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function httpJson(port, p, method = 'GET') {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, { method });
  return res.json();
}

/**
 * One row: start the peer's server, warm it up (1000 other tiles: JIT, file
 * handles), then measure; server CPU and event-loop delay count from the
 * measured phase on. Stop the server.
 */
async function measure(peer, src, { concurrency, hot = 0, cacheMb = 0, seed = 1, convert = null }) {
  const server = await startServer(peer, { src, cacheMb });
  const client = (args) => run(process.execPath, [path.join(__dirname, 'client.js'), JSON.stringify(args)]);
  try {
    const node = peer !== 'tensorstore';
    const base = { port: server.port, shape: SHAPE, concurrency, hot, warmup: 0, sample: 0 };
    await client({ ...base, count: 1000, seed: hot ? seed : seed + 1000 });
    if (node) await httpJson(server.port, '/eld', 'POST');
    const cpu0 = cpuSeconds(server.pid);
    const result = await client({ ...base, count: convert ? 1000000 : COUNT, seed, sample: 16, untilConverted: convert || undefined });
    const cpu = cpuSeconds(server.pid) - cpu0;
    const eld = node && !convert ? await httpJson(server.port, '/eld') : null;
    return { ...result, cpuPerRequestUs: (1e6 * cpu) / (result.count + 16), eld };
  } finally {
    server.stop();
  }
}

const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '—');

async function serve(report) {
  const src = await ensureArray('serve-u16.zarr', SHAPE);
  const convertSrc = await ensureArray('serve-convert-u16.zarr', CONVERT_SHAPE);
  warmPageCache(src);
  const rows = [];
  const record = (peer, where, what, r) => {
    rows.push({ peer, where, what, r });
    process.stderr.write(`  ${peer} / ${where} / ${what}: ${r ? `${f(r.rps)} req/s, p50 ${f(r.p50, 1)} ms, p99 ${f(r.p99, 1)} ms` : 'skipped'}\n`);
  };
  const peers = ['dyna_zarr', 'tensorstore', 'zarrita'];
  const run1 = async (peer, where, what, location, opts) => {
    try {
      record(peer, where, what, await measure(peer, location, opts));
    } catch (err) {
      report.failures.push({ tool: peer, task: `${where} ${what}`, error: String(err.message || err) });
      record(peer, where, what, null);
    }
  };

  for (const concurrency of [16, 64]) {
    for (const peer of peers) await run1(peer, 'local disk', `uniform tiles, concurrency ${concurrency}`, src, { concurrency });
  }
  // A viewer's hot set (256 distinct tiles), each peer with a 256 MiB chunk cache (zarrita has none).
  for (const peer of peers) await run1(peer, 'local disk', `hot set of 256 tiles, ${CACHE_MB} MiB cache, concurrency 16`, src, { concurrency: 16, hot: 256, cacheMb: CACHE_MB });
  // Our server while the same process converts another array (io.write).
  const converted = dataPath('out-serve-convert.zarr');
  await run1('dyna_zarr', 'local disk', 'uniform tiles, concurrency 16, during a conversion', src, { concurrency: 16, convert: { src: convertSrc, dst: converted } });
  fs.rmSync(converted, { recursive: true, force: true });

  // Over HTTP from nginx, once io.read accepts http:// URLs.
  const nginx = await startNginx(path.dirname(src));
  if (!nginx) {
    report.note('HTTP variant skipped: nginx is not installed');
  } else {
    try {
      const url = `${nginx.url}/${path.basename(src)}`;
      const probe = await run(process.execPath, ['-e', `require(${JSON.stringify(path.join(ROOT, 'dist', 'cjs', 'index.js'))}).io.read(${JSON.stringify(url)}).then(() => console.log('{"ok":true}'), (e) => console.log(JSON.stringify({ ok: false, error: e.code + ': ' + e.message })))`]);
      if (!probe.ok) {
        report.note(`HTTP variant skipped: io.read does not accept http:// URLs in this build (${probe.error.slice(0, 160)}); run \`node bench/run.js serve\` again once remote storage is merged`);
      } else {
        for (const peer of peers) await run1(peer, 'HTTP (nginx)', 'uniform tiles, concurrency 16', url, { concurrency: 16 });
      }
    } finally {
      nginx.stop();
    }
  }

  // Verification: each row's sample tiles hash as TensorStore's in the same case
  // (the conversion row: as TensorStore's uniform row at 16 in flight).
  for (const row of rows) {
    const what = row.what.replace(', during a conversion', '');
    const reference = rows.find((o) => o.r && o.peer === 'tensorstore' && o.where === row.where && o.what === what);
    row.verified = !row.r ? 'FAILED' : !reference ? 'n/a' : reference.r.sample.join() === row.r.sample.join() ? 'yes' : 'NO';
  }

  const head = ['peer', 'where', 'load', 'requests/s', 'p50 ms', 'p99 ms', 'server CPU µs/request', 'event-loop delay p99 ms', 'verified (16 tiles vs TensorStore)'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const { peer, where, what, r, verified } of rows) {
    const eld = r && (r.eld || (r.conversion && r.conversion.eld));
    lines.push(`| ${[peer, where, what, f(r && r.rps), f(r && r.p50, 1), f(r && r.p99, 1), f(r && r.cpuPerRequestUs), eld ? f(eld.p99, 1) : '—', verified].join(' | ')} |`);
  }
  report.section(lines.join('\n'));

  const rps = (peer, where, what) => rows.find((x) => x.peer === peer && x.where === where && x.what === what && x.r)?.r.rps;
  for (const [where, what] of [['local disk', 'uniform tiles, concurrency 16'], ['local disk', 'uniform tiles, concurrency 64'], ['HTTP (nginx)', 'uniform tiles, concurrency 16']]) {
    const ours = rps('dyna_zarr', where, what);
    const ts = rps('tensorstore', where, what);
    if (ours && ts) report.check(`requests/s vs TensorStore, ${where}, ${what}`, `${(ours / ts).toFixed(2)}×`, '≥ 1.5×', ours >= 1.5 * ts);
  }
  const conv = rows.find((x) => x.what.endsWith('during a conversion') && x.r);
  if (conv) {
    const p99 = conv.r.conversion.eld.p99;
    report.check('event-loop delay p99 while a conversion runs', `${p99.toFixed(1)} ms (conversion ${conv.r.conversion.seconds.toFixed(1)} s${conv.r.loadCoveredConversion ? '' : ', load ended first'})`, '< 20 ms', p99 < 20);
  }
  report.note(`Array: [${SHAPE.join(', ')}] uint16, zstd 3, inner chunks 1×256×256 in shards of 1×2048×2048, ${COUNT} requests per row after 1000 warm-up requests of other tiles, page cache warm. The client (bench/serve/client.js, one Node process) runs on the same machine.`);
  report.note('Server CPU µs/request: the server process\'s user+system CPU (/proc) over the measured requests, divided by their count: what a request costs the server, whatever else the shared machine runs.');
}

module.exports = { serve };
