"""TensorStore's side of the serving benchmark: the same HTTP interface as
bench/serve/server.js (GET /tile/<z>/<y>/<x> -> raw little-endian bytes of
the 256x256 tile), served by a minimal asyncio HTTP/1.1 keep-alive server
(no framework: the Python standard library only), each request one
`await array[z, y0:y1, x0:x1].read()`. Prints {"port"} once listening.

usage: python bench/serve/ts_server.py <json {src, cacheMb?}>
src: a folder (file kvstore) or an http:// URL (http kvstore).
cacheMb: TensorStore's cache_pool total_bytes_limit (its chunk cache), 0 = none.
"""
import asyncio
import json
import re
import sys

import tensorstore as ts

TILE = 256
ROUTE = re.compile(rb"^GET /tile/(\d+)/(\d+)/(\d+) HTTP/1\.[01]$")


async def main():
    args = json.loads(sys.argv[1])
    src = args["src"]
    kvstore = {"driver": "http", "base_url": src} if src.startswith("http") else {"driver": "file", "path": src}
    context = {"cache_pool": {"total_bytes_limit": int(args.get("cacheMb", 0) * 1024 * 1024)}}
    array = await ts.open({"driver": "zarr3", "kvstore": kvstore, "context": context}, read=True)

    async def handle(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line = head.split(b"\r\n", 1)[0]
                m = ROUTE.match(line)
                if m is None:
                    writer.write(b"HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\n{}")
                else:
                    z, y, x = (int(g) for g in m.groups())
                    tile = await array[z, y * TILE:(y + 1) * TILE, x * TILE:(x + 1) * TILE].read()
                    body = tile.astype("<u2", copy=False).tobytes()
                    writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: %d\r\n\r\n" % len(body))
                    writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionResetError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(json.dumps({"port": server.sockets[0].getsockname()[1]}), flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
