'use strict';
/**
 * The serving benchmark's load: one client for every server (same tiles,
 * same concurrency). `concurrency` requests are kept in flight over
 * keep-alive connections until `count` tiles were fetched; the tile list is
 * drawn once from a seeded generator, uniformly over the array's tile grid
 * (or over a small hot set). Reports requests/s and p50/p99 latency, and
 * the sha256 of the first `sample` tiles so the peers' outputs can be compared.
 *
 * `warmup` requests (other tiles, not measured) may run first.
 *
 * untilConverted: stop early once the server's conversion is done (GET
 * /convert/status, polled every 50 ms), so the load covers just that time.
 *
 * usage: node bench/serve/client.js <json {port, shape, count, concurrency, seed, hot?, sample?, warmup?, untilConverted?}>
 */
const crypto = require('node:crypto');
const http = require('node:http');

const TILE = 256;

/** `count` tiles [z, ty, tx] from a small LCG (the same list for every server). */
function tiles(shape, count, seed, hot) {
  let s = seed >>> 0;
  const next = (m) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % m;
  };
  const grid = [shape[0], Math.floor(shape[1] / TILE), Math.floor(shape[2] / TILE)];
  const draw = () => [next(grid[0]), next(grid[1]), next(grid[2])];
  if (!hot) return Array.from({ length: count }, draw);
  const set = Array.from({ length: hot }, draw);
  return Array.from({ length: count }, () => set[next(hot)]);
}

function get(agent, port, p, method = 'GET', query = '') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p + query, agent, method }, (res) => {
      const parts = [];
      res.on('data', (b) => parts.push(b));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(parts)) : reject(new Error(`${p}: HTTP ${res.statusCode} ${Buffer.concat(parts)}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function main() {
  const a = JSON.parse(process.argv[2]);
  const list = tiles(a.shape, a.count, a.seed, a.hot);
  const agent = new http.Agent({ keepAlive: true, maxSockets: a.concurrency });
  const sample = [];
  for (const t of list.slice(0, a.sample ?? 16)) {
    sample.push(crypto.createHash('sha256').update(await get(agent, a.port, `/tile/${t.join('/')}`)).digest('hex'));
  }
  const warm = tiles(a.shape, a.warmup ?? 0, a.seed + 1, a.hot);
  let w = 0;
  const warmer = async () => {
    while (w < warm.length) await get(agent, a.port, `/tile/${warm[w++].join('/')}`);
  };
  await Promise.all(Array.from({ length: a.concurrency }, warmer));
  let stop = false;
  let poller = null;
  if (a.untilConverted) {
    await get(agent, a.port, '/convert', 'POST', `?src=${encodeURIComponent(a.untilConverted.src)}&dst=${encodeURIComponent(a.untilConverted.dst)}${a.untilConverted.threads ? `&threads=${a.untilConverted.threads}` : ''}`);
    const poll = async () => {
      while (!stop) {
        if (JSON.parse(await get(agent, a.port, '/convert/status')).done) stop = true;
        else await new Promise((r) => setTimeout(r, 50));
      }
    };
    poller = poll();
  }
  const latencies = new Float64Array(list.length);
  let next = 0;
  let done = 0;
  const t0 = process.hrtime.bigint();
  async function worker() {
    while (next < list.length && !stop) {
      const i = next++;
      const start = process.hrtime.bigint();
      const body = await get(agent, a.port, `/tile/${list[i].join('/')}`);
      if (body.length !== TILE * TILE * 2) throw new Error(`tile ${list[i]}: ${body.length} bytes`);
      latencies[i] = Number(process.hrtime.bigint() - start) / 1e6;
      done++;
    }
  }
  await Promise.all(Array.from({ length: a.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const converted = stop;
  stop = true;
  if (poller) await poller;
  const conversion = a.untilConverted ? JSON.parse(await get(agent, a.port, '/convert')) : undefined;
  const sorted = Array.from(latencies).filter((x) => x > 0).sort((x, y) => x - y);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  agent.destroy();
  console.log(JSON.stringify({ count: done, seconds, rps: done / seconds, p50: pct(50), p99: pct(99), sample, conversion, loadCoveredConversion: a.untilConverted ? converted : undefined }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
