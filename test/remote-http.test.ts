/**
 * Reading Zarr arrays over HTTP from a real nginx on 127.0.0.1 (test/helpers/
 * servers.ts): values equal zarr-python's read of the same fixture folder;
 * nginx's access log proves a sharded read fetches each shard's index with
 * one suffix range and then only the inner chunks it needs; faults (500, a
 * closed connection, a server that is down) are ERR_ZARR_IO naming the URL
 * after bounded retries, and a 404 chunk reads as the fill value.
 */
import net from 'node:net';
import path from 'node:path';
import { io, slice } from '../lib';
import { native } from '../lib/job/native';
import { runPythonPlan } from './helpers/python';
import { freePort, startNginx, type Nginx } from './helpers/servers';
import { makeTempDir, removeTempDir } from './helpers/tmp';
import { failure } from './helpers/failure';

interface ShardIndex { size: number; index: Array<[number, number]> }
interface Report { sharded: { values: string; indexes: Record<string, ShardIndex> }; v2: { values: string } }

let dir: string;
let nginx: Nginx;
let report: Report;

const u16 = (b64: string): Uint16Array => {
  const buf = Buffer.from(b64, 'base64');
  return new Uint16Array(buf.buffer, buf.byteOffset, buf.length / 2);
};
const f32 = (b64: string): Float32Array => {
  const buf = Buffer.from(b64, 'base64');
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
};

beforeAll(async () => {
  dir = makeTempDir('remote-http');
  report = await runPythonPlan<Report>('remote_fixtures.py', 'make', path.join(dir, 'plan.json'),
    { dir: path.join(dir, 'fx'), v2_copies: ['v2', 'v2_500', 'v2_444'], big: true });
  nginx = await startNginx(path.join(dir, 'fx'), [
    'location = /v2_500/1.1 { return 500; }',
    'location = /v2_444/1.0 { return 444; }',
    'location = /big/0.0 { limit_rate 16k; }',
  ].join('\n    '));
}, 60000);

afterAll(async () => {
  await nginx?.close();
  removeTempDir(dir);
});

beforeEach(() => nginx.resetLog());

test('a sharded v3 array reads equal to zarr-python: one suffix index request per shard, one merged range per shard', async () => {
  const a = await io.read(`${nginx.url}/sharded.zarr`);
  expect(a.shape).toEqual([64, 48]);
  expect(a.shards).toEqual([32, 24]);
  const got = await a.compute();
  expect(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength)).toEqual(Buffer.from(u16(report.sharded.values).buffer));
  const all = await nginx.requests();
  const shards = all.filter((r) => r.uri.startsWith('/sharded.zarr/c/'));
  const keys = Object.keys(report.sharded.indexes).map((k) => `/sharded.zarr/${k}`).sort();
  expect(keys).toHaveLength(4);
  const indexSize = 12 * 16 + 4;
  for (const uri of keys) {
    const mine = shards.filter((r) => r.uri === uri);
    // The index, by one suffix range; then the inner chunks, adjacent in the shard, as one range.
    expect(mine.filter((r) => r.range === `bytes=-${indexSize}`)).toHaveLength(1);
    const rest = mine.filter((r) => r.range !== `bytes=-${indexSize}`);
    expect(rest).toHaveLength(1);
    expect(rest[0].range).toMatch(/^bytes=\d+-\d+$/);
    expect(mine.every((r) => r.status === 206)).toBe(true);
  }
  expect(shards).toHaveLength(8);
  expect(all.filter((r) => r.uri === '/sharded.zarr/zarr.json')).toHaveLength(1);
  // Keep-alive: the 9 requests (metadata, 4 indexes, 4 ranges) share a few pooled connections.
  const connections = new Set(all.map((r) => r.connection));
  expect(connections.size).toBeLessThan(all.length);
});

/** Empties the process-wide shard-index cache for the array at url, so the next read fetches its indexes again. */
const coldIndexes = (url: string): void => native().invalidateCaches(url);

test('a small selection asks for only the inner chunks it touches, with their exact byte ranges', async () => {
  const a = await io.read(`${nginx.url}/sharded.zarr`);
  coldIndexes(`${nginx.url}/sharded.zarr`);
  await nginx.resetLog();
  // Rows 33..38, columns 26..29: inside shard c/1/1, its inner chunk (0, 0) alone.
  const part = await a.get([slice(33, 39), slice(26, 30)]).compute();
  const full = u16(report.sharded.values);
  const expected: number[] = [];
  for (let r = 33; r < 39; r++) for (let c = 26; c < 30; c++) expected.push(full[r * 48 + c]);
  expect(Array.from(part.data as Uint16Array)).toEqual(expected);
  const log = await nginx.requests();
  expect(log.map((r) => r.uri)).toEqual(['/sharded.zarr/c/1/1', '/sharded.zarr/c/1/1']);
  const [offset, nbytes] = report.sharded.indexes['c/1/1'].index[0].map(Number);  // inner chunk (0, 0) of the shard
  expect(log[0].range).toBe(`bytes=-${12 * 16 + 4}`);
  expect(log[1].range).toBe(`bytes=${offset}-${offset + nbytes - 1}`);
});

test('a shard index is requested once however many reads want it; with cacheMb a repeated read requests nothing', async () => {
  const url = `${nginx.url}/sharded.zarr`;
  coldIndexes(url);
  const a = await io.read(url, { cacheMb: 4 });
  await nginx.resetLog();
  // Eight concurrent reads of inner chunks of shard c/0/0 (rows 0..31, columns 0..23; inner chunks 8×8).
  const boxes = [0, 8, 16, 24].flatMap((r) => [0, 8].map((c) => [slice(r, r + 8), slice(c, c + 8)]));
  const first = await Promise.all(boxes.map((b) => a.get(b).compute()));
  const indexRequests = (await nginx.requests()).filter((r) => r.uri === '/sharded.zarr/c/0/0' && r.range === `bytes=-${12 * 16 + 4}`);
  expect(indexRequests).toHaveLength(1);
  await nginx.resetLog();
  const again = await Promise.all(boxes.map((b) => a.get(b).compute()));
  expect(await nginx.requests()).toEqual([]);
  const full = u16(report.sharded.values);
  boxes.forEach(([rows, cols], i) => {
    const expected: number[] = [];
    for (let r = rows.start as number; r < (rows.stop as number); r++) for (let c = cols.start as number; c < (cols.stop as number); c++) expected.push(full[r * 48 + c]);
    expect(Array.from(first[i].data as Uint16Array)).toEqual(expected);
    expect(Array.from(again[i].data as Uint16Array)).toEqual(expected);
  });
});

test('a selection spanning two inner chunks side by side reads them as one range; a missing inner chunk costs no request', async () => {
  const a = await io.read(`${nginx.url}/sharded.zarr`);
  coldIndexes(`${nginx.url}/sharded.zarr`);
  await nginx.resetLog();
  // Rows 8..15 of shard c/0/0, columns 0..23: inner chunks (1,0) (1,1: all fill, absent) (1,2).
  const part = await a.get([slice(8, 16), slice(0, 24)]).compute();
  const full = u16(report.sharded.values);
  const expected: number[] = [];
  for (let r = 8; r < 16; r++) for (let c = 0; c < 24; c++) expected.push(full[r * 48 + c]);
  expect(Array.from(part.data as Uint16Array)).toEqual(expected);
  const index = report.sharded.indexes['c/0/0'].index.map((e) => e.map(Number));
  expect(index[4][0]).toBe(Number(2n ** 64n - 1n));  // inner chunk (1, 1) is all fill: absent from the shard
  const log = await nginx.requests();
  expect(log).toHaveLength(1 + 2);  // the index, then chunks 3 and 5 (not adjacent in this file)
  expect(log.slice(1).map((r) => r.range).sort()).toEqual([
    `bytes=${index[3][0]}-${index[3][0] + index[3][1] - 1}`, `bytes=${index[5][0]}-${index[5][0] + index[5][1] - 1}`].sort());
});

test('a v2 array with a chunk the server answers 404 for reads that chunk as the fill value, like zarr-python', async () => {
  const got = await (await io.read(`${nginx.url}/v2`)).compute();
  expect(Array.from(got.data as Float32Array)).toEqual(Array.from(f32(report.v2.values)));
  expect(Array.from(got.data as Float32Array).slice(10, 20)).toEqual(new Array(10).fill(-1.5));
  expect((await nginx.requests()).filter((r) => r.uri === '/v2/0.1').map((r) => r.status)).toEqual([404]);
});

test('a chunk answering 500 is retried a bounded number of times, then ERR_ZARR_IO naming the URL and the status', async () => {
  const a = await io.read(`${nginx.url}/v2_500`);
  const err = await failure(a.compute());
  expect(err.code).toBe('ERR_ZARR_IO');
  expect(err.message).toContain(`${nginx.url}/v2_500/1.1`);
  expect(err.message).toContain('HTTP 500');
  expect((await nginx.requests()).filter((r) => r.uri === '/v2_500/1.1')).toHaveLength(4);
});

test('a server that closes the connection without answering is ERR_ZARR_IO naming the URL', async () => {
  const a = await io.read(`${nginx.url}/v2_444`);
  const err = await failure(a.compute());
  expect(err.code).toBe('ERR_ZARR_IO');
  expect(err.message).toContain(`${nginx.url}/v2_444/1.0`);
  expect(err.message).toMatch(/Server returned nothing|Empty reply/i);
});

test('a server that is down is ERR_ZARR_IO naming the URL; a missing array is ERR_ZARR_NOT_FOUND', async () => {
  const port = await freePort();
  const err = await failure(io.read(`http://127.0.0.1:${port}/v2`));
  expect(err.code).toBe('ERR_ZARR_IO');
  expect(err.message).toContain(`http://127.0.0.1:${port}/v2/zarr.json`);
  expect(err.message).toMatch(/connect/i);
  const missing = await failure(io.read(`${nginx.url}/nothing-here.zarr`));
  expect(missing.code).toBe('ERR_ZARR_NOT_FOUND');
  expect(missing.message).toContain(`${nginx.url}/nothing-here.zarr`);
});

test('HTTP stores are read-only and TIFF over a URL is ERR_ZARR_UNSUPPORTED', async () => {
  const a = await io.read(`${nginx.url}/v2`);
  const err = await failure(io.write(a, `${nginx.url}/copy.zarr`));
  expect(err.code).toBe('ERR_ZARR_UNSUPPORTED');
  expect(err.message).toContain(`${nginx.url}/copy.zarr`);
  const tiff = await failure(io.read(`${nginx.url}/image.tif`));
  expect(tiff.code).toBe('ERR_ZARR_UNSUPPORTED');
});

test('an abort stops a transfer in flight (a 1 MiB chunk served at 16 KiB/s would take a minute)', async () => {
  const a = await io.read(`${nginx.url}/big`);
  const controller = new AbortController();
  const p = a.compute({ signal: controller.signal });
  setTimeout(() => controller.abort(), 300);
  const err = await failure(p);
  expect(err.code).toBe('ERR_ZARR_ABORTED');
  // Only the one attempt was made: an abort is not retried.
  expect((await nginx.requests()).filter((r) => r.uri === '/big/0.0')).toHaveLength(1);
}, 15000);

test('a body shorter than its Content-Length is retried, then ERR_ZARR_IO naming the URL', async () => {
  // nginx cannot cut a body short, so a small TCP server of the test's own promises 100 bytes and sends 7.
  let attempts = 0;
  const server = net.createServer((sock) => {
    sock.once('data', () => {
      attempts++;
      sock.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"zarr_');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    const err = await failure(io.read(`http://127.0.0.1:${port}/t.zarr`));
    expect(err.code).toBe('ERR_ZARR_IO');
    expect(err.message).toContain(`http://127.0.0.1:${port}/t.zarr/zarr.json`);
    expect(err.message).toMatch(/partial file|shorter than its Content-Length/);
    expect(attempts).toBe(4);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
