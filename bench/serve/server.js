'use strict';
/**
 * A tile server for the serving benchmark: Node `http` on 127.0.0.1 (a free
 * port, printed as {"port"} on stdout), answering GET /tile/<z>/<y>/<x> with
 * the raw little-endian bytes of the 256×256 tile [z, y*256:(y+1)*256, x*256:(x+1)*256].
 *
 * usage: node bench/serve/server.js <dyna_zarr|zarrita> <json {src, cacheMb?}>
 *
 * Control endpoints (the client calls them between measured phases):
 *   POST /eld/reset              start a fresh event-loop delay histogram
 *   GET  /eld                    {p50, p99, max} in ms since the reset
 *   POST /convert?src=..&dst=..  start an io.write of another array in this
 *                                process (and a fresh event-loop delay histogram)
 *   GET  /convert/status         {done}
 *   GET  /convert                wait for it: {seconds, eld: {p50, p99, max}} (the
 *                                event-loop delay while it ran)
 */
const http = require('node:http');
const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const LIB = process.env.BENCH_LIB || path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js');
const TILE = 256;

/** (z, y, x) → Promise<Buffer> for each implementation. */
async function openDynaZarr(src, cacheMb) {
  const { io } = require(LIB);
  const a = await io.read(src, cacheMb ? { cacheMb } : undefined);
  return async (z, y, x) => {
    const t = await a.get(`${z}, ${y * TILE}:${(y + 1) * TILE}, ${x * TILE}:${(x + 1) * TILE}`).compute();
    return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  };
}

async function openZarrita(src) {
  const zarr = await import('zarrita');
  const store = /^https?:\/\//.test(src)
    ? new (await import('@zarrita/storage/fetch')).default(src)
    : new (await import('@zarrita/storage/fs')).default(src);
  const arr = await zarr.open.v3(zarr.root(store), { kind: 'array' });
  return async (z, y, x) => {
    const t = await zarr.get(arr, [z, zarr.slice(y * TILE, (y + 1) * TILE), zarr.slice(x * TILE, (x + 1) * TILE)]);
    return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  };
}

async function main() {
  const [impl, json] = process.argv.slice(2);
  const args = JSON.parse(json);
  const readTile = impl === 'zarrita' ? await openZarrita(args.src) : await openDynaZarr(args.src, args.cacheMb);
  let eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const resetEld = () => {
    eld.disable();
    eld = monitorEventLoopDelay({ resolution: 1 });
    eld.enable();
  };
  const ms = (ns) => ns / 1e6;
  const eldNow = () => ({ p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) });
  let conversion = null;
  let converted = false;

  const server = http.createServer((req, res) => {
    const m = /^\/tile\/(\d+)\/(\d+)\/(\d+)$/.exec(req.url);
    const reply = (status, body, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const fail = (err) => reply(500, JSON.stringify({ error: String(err && err.message) }));
    if (m) {
      readTile(Number(m[1]), Number(m[2]), Number(m[3])).then((buf) => reply(200, buf, 'application/octet-stream'), fail);
      return;
    }
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/eld' && req.method === 'POST') {
      resetEld();
      reply(200, '{}');
    } else if (url.pathname === '/eld') {
      reply(200, JSON.stringify(eldNow()));
    } else if (url.pathname === '/convert' && req.method === 'POST') {
      const { io, Codecs } = require(LIB);
      const t0 = process.hrtime.bigint();
      converted = false;
      resetEld();
      conversion = io.read(url.searchParams.get('src'))
        .then((a) => io.write(a, url.searchParams.get('dst'), {
          overwrite: true, compressor: new Codecs({ compressor: 'zstd', clevel: 3 }), ...(url.searchParams.get('threads') ? { threads: Number(url.searchParams.get('threads')) } : {}),
        }))
        .then(() => {
          converted = true;
          return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, eld: eldNow() };
        });
      reply(200, '{}');
    } else if (url.pathname === '/convert/status') {
      reply(200, JSON.stringify({ done: converted }));
    } else if (url.pathname === '/convert') {
      (conversion || Promise.resolve({ seconds: null })).then((r) => reply(200, JSON.stringify(r)), fail);
    } else {
      reply(404, '{}');
    }
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
