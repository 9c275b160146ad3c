/**
 * Hostile and odd servers for the remote stores: a tiny TCP server of the
 * test's own (nginx and moto are well behaved) that sends endless bodies,
 * trickles bytes, lies about lengths and byte ranges; nginx for redirects;
 * moto for keys that need URL encoding and listings longer than one page.
 * Every case must end in a bounded time with the contract's error code and
 * a message naming the URL, never credentials, never a fill value.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fromArray, io } from '../lib';
import { addonPath, transpileLibrary } from './helpers/child-lib';
import { runPythonPlan } from './helpers/python';
import { startMoto, startNginx, type Moto, type Nginx } from './helpers/servers';
import { makeTempDir, removeTempDir } from './helpers/tmp';
import { failure } from './helpers/failure';
import { remoteList } from '../lib/store/remote';

interface Req { method: string; path: string; range: string | undefined }
/** Answers one request on sock (the server closes the connection after each answer). */
type Handler = (req: Req, sock: net.Socket) => void;

/** A server on 127.0.0.1 answering requests by `handler`; counts them. */
async function hostile(handler: Handler): Promise<{ url: string; requests: Req[]; close(): Promise<void> }> {
  const requests: Req[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let head = '';
    const onData = (b: Buffer): void => {
      head += b.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      sock.off('data', onData);
      const lines = head.slice(0, end).split('\r\n');
      const [method, target] = lines[0].split(' ');
      const range = lines.find((l) => /^range:/i.test(l))?.slice(6).trim();
      const req = { method, path: decodeURIComponent(target.split('?')[0]), range };
      requests.push(req);
      handler(req, sock);
    };
    sock.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

const answer = (sock: net.Socket, status: string, body: Buffer | string, headers: string[] = []): void => {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  sock.end(Buffer.concat([Buffer.from([`HTTP/1.1 ${status}`, `Content-Length: ${bytes.length}`, 'Connection: close', ...headers, '', ''].join('\r\n')), bytes]));
};
const notFound = (sock: net.Socket): void => answer(sock, '404 Not Found', '');
/** Sends the head, then `chunk` every `ms` until the client goes away. */
const stream = (sock: net.Socket, headLines: string[], chunk: Buffer, ms: number): void => {
  sock.write([...headLines, 'Connection: close', '', ''].join('\r\n'));
  // Only as fast as the client reads (a bounded send buffer), for as long as it reads.
  const timer = setInterval(() => { if (sock.destroyed) clearInterval(timer); else if (sock.writableLength < (4 << 20)) sock.write(chunk); }, ms);
  sock.on('close', () => clearInterval(timer));
};

// A v2 uint8 array [4096] in one uncompressed chunk '0'.
const ZARRAY = JSON.stringify({ zarr_format: 2, shape: [4096], chunks: [4096], dtype: '|u1', compressor: null, fill_value: 7, order: 'C', filters: null });
// A v3 uint8 array [8] in one shard 'c/0' of two inner chunks [4], raw, index at the end without a checksum (32 bytes).
const SHARDED = JSON.stringify({
  zarr_format: 3, node_type: 'array', shape: [8], data_type: 'uint8', fill_value: 0,
  chunk_grid: { name: 'regular', configuration: { chunk_shape: [8] } },
  chunk_key_encoding: { name: 'default', configuration: { separator: '/' } },
  codecs: [{ name: 'sharding_indexed', configuration: { chunk_shape: [4], codecs: [{ name: 'bytes' }], index_codecs: [{ name: 'bytes', configuration: { endian: 'little' } }], index_location: 'end' } }],
});
function shardBytes(): Buffer {
  const index = Buffer.alloc(32);
  index.writeBigUInt64LE(0n, 0); index.writeBigUInt64LE(4n, 8); index.writeBigUInt64LE(4n, 16); index.writeBigUInt64LE(4n, 24);
  return Buffer.concat([Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]), index]);
}

describe('a hostile HTTP server', () => {
  test('an endless chunk body is cut at the codec\'s largest encoded size: ERR_ZARR_CODEC naming the URL', async () => {
    const srv = await hostile((req, sock) => {
      if (req.path === '/a/.zarray') answer(sock, '200 OK', ZARRAY);
      else if (req.path === '/a/0') stream(sock, ['HTTP/1.1 200 OK'], Buffer.alloc(65536, 1), 1);
      else notFound(sock);
    });
    try {
      const err = await failure((await io.read(`${srv.url}/a`)).compute());
      expect(err.code).toBe('ERR_ZARR_CODEC');
      expect(err.message).toContain(`${srv.url}/a/0`);
      expect(err.message).toContain('larger than 4096 bytes');
    } finally { await srv.close(); }
  });

  test('a Content-Length of a petabyte is refused before any allocation', async () => {
    const srv = await hostile((req, sock) => {
      if (req.path === '/a/.zarray') answer(sock, '200 OK', ZARRAY);
      else if (req.path === '/a/0') stream(sock, ['HTTP/1.1 200 OK', 'Content-Length: 1000000000000000'], Buffer.alloc(16), 5);
      else notFound(sock);
    });
    try {
      const err = await failure((await io.read(`${srv.url}/a`)).compute());
      expect(err.code).toBe('ERR_ZARR_CODEC');
      expect(err.message).toContain(`${srv.url}/a/0`);
    } finally { await srv.close(); }
  });

  test('an endless metadata document is ERR_ZARR_LIMIT at 64 MiB', async () => {
    const srv = await hostile((req, sock) => {
      if (req.path === '/a/zarr.json') stream(sock, ['HTTP/1.1 200 OK'], Buffer.alloc(1 << 20, 32), 1);
      else notFound(sock);
    });
    try {
      const err = await failure(io.read(`${srv.url}/a`));
      expect(err.code).toBe('ERR_ZARR_LIMIT');
      expect(err.message).toContain(`${srv.url}/a/zarr.json`);
    } finally { await srv.close(); }
  });

  test('an error answer with an endless body is read only a few KiB: retried, then ERR_ZARR_IO with the status', async () => {
    const srv = await hostile((req, sock) => {
      if (req.path === '/a/.zarray') answer(sock, '200 OK', ZARRAY);
      else if (req.path === '/a/0') stream(sock, ['HTTP/1.1 500 Internal Server Error'], Buffer.alloc(65536, 60), 1);
      else notFound(sock);
    });
    try {
      const err = await failure((await io.read(`${srv.url}/a`)).compute());
      expect(err.code).toBe('ERR_ZARR_IO');
      expect(err.message).toContain(`${srv.url}/a/0`);
      expect(err.message).toContain('HTTP 500');
      expect(srv.requests.filter((r) => r.path === '/a/0')).toHaveLength(4);
    } finally { await srv.close(); }
  }, 20000);

  test('a shard index is read as the metadata\'s size from where it was asked: a Content-Range elsewhere is ERR_ZARR_IO', async () => {
    // One array per behaviour (/honest, /elsewhere, /whole, /more): shard indexes are cached per URL.
    const shard = shardBytes();
    const srv = await hostile((req, sock) => {
      const [, mode, key] = /^\/(\w+)\/(.*)$/.exec(req.path) ?? [];
      if (key === 'zarr.json') return answer(sock, '200 OK', SHARDED);
      if (key !== 'c/0') return notFound(sock);
      const m = /^bytes=(\d*)-(\d*)$/.exec(req.range ?? '');
      if (!m || mode === 'whole') return answer(sock, '200 OK', shard);
      const [first, last] = m[1] === '' ? [shard.length - Number(m[2]), shard.length - 1] : [Number(m[1]), Number(m[2])];
      if (mode === 'elsewhere' && m[1] === '') {
        // The right bytes of the index, but the server says they start at 0.
        return answer(sock, '206 Partial Content', shard.subarray(first), [`Content-Range: bytes 0-${last - first}/${shard.length}`]);
      }
      const body = mode === 'more' ? shard.subarray(first - 8) : shard.subarray(first, last + 1);
      answer(sock, '206 Partial Content', body, [`Content-Range: bytes ${first}-${last}/${shard.length}`]);
    });
    const compute = async (mode: string): Promise<unknown> => (await io.read(`${srv.url}/${mode}`)).compute();
    try {
      expect(Array.from(((await compute('honest')) as { data: Uint8Array }).data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(srv.requests.filter((r) => r.path === '/honest/c/0').map((r) => r.range)).toEqual(['bytes=-32', 'bytes=0-7']);
      const elsewhere = await failure(compute('elsewhere'));
      expect(elsewhere.code).toBe('ERR_ZARR_IO');
      expect(elsewhere.message).toContain(`${srv.url}/elsewhere/c/0`);
      expect(elsewhere.message).toContain('Content-Range');
      const whole = await failure(compute('whole'));
      expect(whole.code).toBe('ERR_ZARR_IO');
      expect(whole.message).toContain(`${srv.url}/whole/c/0`);
      expect(whole.message).toMatch(/did not answer the byte range/);
      const more = await failure(compute('more'));
      expect(more.code).toBe('ERR_ZARR_IO');
      expect(more.message).toMatch(/more than the 32 bytes asked for/);
    } finally { await srv.close(); }
  });

  test('URLs with user:password@ are refused, and the password is not in the message', async () => {
    const err = await failure(io.read('http://someone:hunter2@127.0.0.1:9/a.zarr'));
    expect(err.code).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect(err.message).not.toContain('hunter2');
    expect(err.message).toContain('127.0.0.1:9/a.zarr');
    const endpoint = await failure(io.read('s3://bkt/a.zarr', { storageOptions: { endpoint: 'http://someone:hunter2@127.0.0.1:9' } }));
    expect(endpoint.code).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect(endpoint.message).not.toContain('hunter2');
  });

  test('a server trickling bytes (10 B/s) has stalled: each attempt ends after the stall time, then ERR_ZARR_IO', async () => {
    // A child process, so DYNA_ZARR_HTTP_STALL_SECONDS (1 s instead of 30) reaches the engine's environment.
    const srv = await hostile((req, sock) => {
      if (req.path === '/a/.zarray') answer(sock, '200 OK', ZARRAY);
      else if (req.path === '/a/0') stream(sock, ['HTTP/1.1 200 OK', 'Content-Length: 4096'], Buffer.from([1]), 100);
      else notFound(sock);
    });
    const dir = makeTempDir('remote-trickle');
    try {
      const lib = transpileLibrary(path.join(dir, 'child'));
      const script = path.join(dir, 'trickle.js');
      fs.writeFileSync(script, `
const { io } = require(${JSON.stringify(lib)});
io.read(${JSON.stringify(`${srv.url}/a`)}).then((a) => a.compute()).then(
  () => console.log(JSON.stringify({ code: 'none' })),
  (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));
`);
      const out = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [script], {
          env: { ...process.env, DYNA_ZARR_ADDON: addonPath(), DYNA_ZARR_HTTP_STALL_SECONDS: '1' }, stdio: ['ignore', 'pipe', 'ignore'],
        });
        let text = '';
        child.stdout.on('data', (b: Buffer) => { text += b.toString(); });
        const timer = setTimeout(() => child.kill('SIGKILL'), 40000);
        child.on('close', () => { clearTimeout(timer); resolve(text.trim()); });
      });
      const result = JSON.parse(out.split('\n').pop() || '{"code":"killed"}') as { code: string; message: string };
      expect(result.code).toBe('ERR_ZARR_IO');
      expect(result.message).toContain(`${srv.url}/a/0`);
      expect(result.message).toMatch(/too slow|stalled/i);
      expect(srv.requests.filter((r) => r.path === '/a/0')).toHaveLength(4);
    } finally {
      await srv.close();
      removeTempDir(dir);
    }
  }, 60000);
});

describe('redirects (nginx)', () => {
  let dir: string;
  let nginx: Nginx;
  let v2: string;
  beforeAll(async () => {
    dir = makeTempDir('remote-redirect');
    ({ v2: { values: v2 } } = await runPythonPlan<{ v2: { values: string } }>('remote_fixtures.py', 'make', path.join(dir, 'plan.json'), { dir: path.join(dir, 'fx') }));
    nginx = await startNginx(path.join(dir, 'fx'), [
      'location /moved/ { rewrite ^/moved/(.*)$ /v2/$1 redirect; }',
      'location /loop/ { rewrite ^/loop/(.*)$ /loop/$1 redirect; }',
      'location /tofile/ { return 302 file:///etc/passwd; }',
    ].join('\n    '));
  }, 60000);
  afterAll(async () => {
    await nginx?.close();
    removeTempDir(dir);
  });

  test('a redirect on the same scheme is followed: values equal zarr-python\'s read of the target', async () => {
    const got = await (await io.read(`${nginx.url}/moved`)).compute();
    expect(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength).toString('base64')).toBe(v2);
  });

  test('a redirect loop stops after a few hops: ERR_ZARR_IO naming the URL', async () => {
    await nginx.resetLog();
    const err = await failure(io.read(`${nginx.url}/loop`));
    expect(err.code).toBe('ERR_ZARR_IO');
    expect(err.message).toContain(`${nginx.url}/loop/zarr.json`);
    expect(err.message).toMatch(/redirect/i);
    expect((await nginx.requests()).filter((r) => r.uri === '/loop/zarr.json').length).toBeLessThanOrEqual(6);
  });

  test('a redirect to file:// is never followed', async () => {
    const err = await failure(io.read(`${nginx.url}/tofile`));
    expect(err.code).toBe('ERR_ZARR_IO');
    expect(err.message).toContain(`${nginx.url}/tofile/zarr.json`);
    expect(err.message).not.toContain('root:');
  });
});

describe('S3 keys and listings (moto)', () => {
  let dir: string;
  let moto: Moto;
  let storageOptions: Record<string, unknown>;
  const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const fetched = (prefix: string, read = true): Promise<{ keys: string[]; values?: string }> => runPythonPlan('remote_fixtures.py', 's3-fetch', path.join(dir, 'fetch.json'),
    { endpoint: moto.endpoint, creds, bucket: 'enc', prefix, read, dir: path.join(dir, 'fetched') });

  beforeAll(async () => {
    dir = makeTempDir('remote-s3-keys');
    moto = await startMoto();
    await runPythonPlan('remote_fixtures.py', 's3-setup', path.join(dir, 'setup.json'), { endpoint: moto.endpoint, buckets: ['enc'] });
    storageOptions = { endpoint: moto.endpoint, region: 'us-east-1', ...creds };
  }, 60000);
  afterAll(async () => {
    await moto?.close();
    removeTempDir(dir);
  });

  test('a prefix with a space, a % and non-ASCII letters round-trips: zarr-python reads what boto3 downloads', async () => {
    const prefix = 'dir with space/100% ü/ñ.zarr';
    const values = Int16Array.from({ length: 6 * 5 }, (_, i) => i * 3 - 40);
    await io.write(fromArray(values, [6, 5]), `s3://enc/${prefix}`, { storageOptions, chunks: [3, 5] });
    const back = await fetched(prefix);
    expect(back.keys).toEqual(['c/0/0', 'c/1/0', 'zarr.json']);
    expect(back.values).toBe(Buffer.from(values.buffer).toString('base64'));
    const again = await (await io.read(`s3://enc/${prefix}`, { storageOptions })).compute();
    expect(Array.from(again.data as Int16Array)).toEqual(Array.from(values));
    // Overwrite lists that prefix and removes the old objects outside the new array.
    await io.write(fromArray(values, [6, 5]), `s3://enc/${prefix}`, { storageOptions, chunks: [6, 5], zarrFormat: 2, overwrite: true });
    expect((await fetched(prefix, false)).keys).toEqual(['.zarray', '0.0']);
  }, 30000);

  test('overwrite of an array of 1100 objects lists past the first 1000 (continuation tokens) and removes them all', async () => {
    const values = Uint8Array.from({ length: 1100 }, (_, i) => (i % 250) + 1);
    await io.write(fromArray(values, [1100]), 's3://enc/many.zarr', { storageOptions, chunks: [1], zarrFormat: 2 });
    expect((await fetched('many.zarr', false)).keys).toHaveLength(1101);
    await io.write(fromArray(values, [1100]), 's3://enc/many.zarr', { storageOptions, chunks: [1100], zarrFormat: 3, overwrite: true });
    const back = await fetched('many.zarr');
    expect(back.keys).toEqual(['c/0', 'zarr.json']);
    expect(back.values).toBe(Buffer.from(values).toString('base64'));
  }, 90000);

  test('refused credentials never show the secret or the session token in the message', async () => {
    const refusing = await startMoto(0);
    try {
      const so = { endpoint: refusing.endpoint, accessKeyId: 'AKIAEXAMPLE000000000', secretAccessKey: 'SeCrEt/abc+XYZ', sessionToken: 'ToKeN-123' };
      const err = await failure(io.read('s3://enc/a.zarr', { storageOptions: so }));
      expect(err.code).toBe('ERR_ZARR_IO');
      expect(err.message).toContain('s3://enc/a.zarr/');
      expect(err.message).toMatch(/refused the credentials/);
      expect(err.message).not.toContain('SeCrEt');
      expect(err.message).not.toContain('ToKeN');
    } finally { await refusing.close(); }
  }, 60000);
});

test('an S3 listing whose continuation token never changes is ERR_ZARR_IO after two pages, not an endless loop', async () => {
  const page = '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Contents><Key>arr.zarr/zarr.json</Key></Contents>'
    + '<IsTruncated>true</IsTruncated><NextContinuationToken>again</NextContinuationToken></ListBucketResult>';
  const srv = await hostile((_req, sock) => answer(sock, '200 OK', page, ['Content-Type: application/xml']));
  try {
    // remoteList is internal: the native error, made a DynaZarrError at the public call.
    await expect(remoteList('s3://b/arr.zarr', { endpoint: srv.url }))
      .rejects.toMatchObject({ code: 'ERR_ZARR_IO', message: expect.stringMatching(/^s3:\/\/b\/arr\.zarr.*continuation token 'again'/) });
    expect(srv.requests.length).toBe(2);
  } finally {
    await srv.close();
  }
}, 15000);
