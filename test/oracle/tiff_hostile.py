"""Hostile and broken TIFF files for test/tiff-hostile.test.ts: looping IFD
chains, truncated and corrupted data, giant sizes, nonsense headers. Valid
files come from tifffile and are then damaged; the rest are built byte by
byte.

usage: tiff_hostile.py write <outdir>   -> prints {name: path}
"""
import json
import os
import struct
import sys

import numpy as np
import tifffile


def classic_tiff(entries, payload=b''):
    """One little-endian classic IFD at offset 8 + len(payload); payload sits at offset 8.
    entries: [(tag, type, [values])], type 3 = SHORT, 4 = LONG."""
    size = {3: 2, 4: 4}
    fmt = {3: 'H', 4: 'I'}
    ifd_offset = 8 + len(payload)
    n = len(entries)
    extra_at = ifd_offset + 2 + n * 12 + 4
    body, extra = b'', b''
    for tag, typ, values in sorted(entries):
        raw = struct.pack('<%d%s' % (len(values), fmt[typ]), *values)
        if len(raw) <= 4:
            field = raw.ljust(4, b'\0')
        else:
            field = struct.pack('<I', extra_at + len(extra))
            extra += raw
        body += struct.pack('<HHI', tag, typ, len(values)) + field
    return b'II*\0' + struct.pack('<I', ifd_offset) + payload + struct.pack('<H', n) + body + b'\0\0\0\0' + extra


def basic(width, height, bits=8, rows=None, offset=8, count=None, extra=()):
    rows = height if rows is None else rows
    count = width * height * bits // 8 if count is None else count
    return [(256, 4, [width]), (257, 4, [height]), (258, 3, [bits]), (259, 3, [1]), (262, 3, [1]),
            (273, 4, [offset]), (277, 3, [1]), (278, 4, [rows]), (279, 4, [count])] + list(extra)


def patch_next_ifd(path, page_index, target_offset):
    """Points the next-IFD field of one page of a classic little-endian file at target_offset."""
    with tifffile.TiffFile(path) as tif:
        offset = tif.pages[page_index].offset
    with open(path, 'r+b') as f:
        f.seek(offset)
        (n,) = struct.unpack('<H', f.read(2))
        f.seek(offset + 2 + n * 12)
        f.write(struct.pack('<I', target_offset))


def write(d):
    os.makedirs(d, exist_ok=True)
    out = {}
    p = lambda name: out.setdefault(name, os.path.join(d, name))
    data = np.arange(3 * 32 * 32, dtype='uint16').reshape(3, 32, 32)

    # IFD chains that loop: page 2 back to page 0, and page 0 onto itself.
    for name, page, target in (('loop_back.tif', 2, 0), ('loop_self.tif', 0, 0)):
        tifffile.imwrite(p(name), data, photometric='minisblack', metadata=None)
        with tifffile.TiffFile(out[name]) as tif:
            target_offset = tif.pages[target].offset
        patch_next_ifd(out[name], page, target_offset)

    # Tile data cut off by truncation, and compressed tiles overwritten with garbage.
    tifffile.imwrite(p('truncated.tif'), np.random.default_rng(1).integers(0, 65535, (256, 256), dtype='uint16'),
                     tile=(64, 64), compression='zlib')
    with tifffile.TiffFile(out['truncated.tif']) as tif:
        last = max(tif.pages[0].dataoffsets)
    with open(out['truncated.tif'], 'r+b') as f:
        f.truncate(last + 10)
    tifffile.imwrite(p('corrupt_zlib.tif'), data[0], tile=(16, 16), compression='zlib')
    with tifffile.TiffFile(out['corrupt_zlib.tif']) as tif:
        offsets, counts = tif.pages[0].dataoffsets, tif.pages[0].databytecounts
    with open(out['corrupt_zlib.tif'], 'r+b') as f:
        for o, c in zip(offsets, counts):
            f.seek(o)
            f.write(b'\xff' * c)
    tifffile.imwrite(p('corrupt_lzw.tif'), np.random.default_rng(2).integers(0, 255, (64, 64), dtype='uint8'),
                     rowsperstrip=16, compression='lzw')
    with tifffile.TiffFile(out['corrupt_lzw.tif']) as tif:
        offsets, counts = tif.pages[0].dataoffsets, tif.pages[0].databytecounts
    with open(out['corrupt_lzw.tif'], 'r+b') as f:
        for o, c in zip(offsets, counts):
            f.seek(o)
            f.write(bytes([0x80 | (i * 37 % 128) for i in range(c)]))

    # Byte-built files.
    # One deflate strip of 40000 × 40000 uint16: 3.2 GB to decode into (libtiff
    # would cut an uncompressed strip into small ones, so this one is compressed).
    with open(p('huge_strip.tif'), 'wb') as f:
        f.write(classic_tiff([e if e[0] != 259 else (259, 3, [8]) for e in basic(40000, 40000, bits=16, count=16)],
                             b'\0' * 16))
    with open(p('huge_image_tiny_tiles.tif'), 'wb') as f:  # 2^32-1 squared pixels in 16 × 16 tiles
        f.write(classic_tiff([e for e in basic(0xFFFFFFFF, 0xFFFFFFFF, offset=8, count=256) if e[0] not in (273, 278, 279)]
                             + [(322, 4, [16]), (323, 4, [16]), (324, 4, [8]), (325, 4, [256])], b'\0' * 256))
    with open(p('strip_past_eof.tif'), 'wb') as f:  # StripByteCounts far beyond the end of the file
        f.write(classic_tiff(basic(16, 16, count=1 << 30), b'\0' * 8))
    with open(p('bits12_signed.tif'), 'wb') as f:  # packed signed samples: no tifffile type either
        f.write(classic_tiff(basic(16, 16, bits=12, extra=[(339, 3, [2])]), b'\0' * 384))
    with open(p('bits1_short_strip.tif'), 'wb') as f:  # a 1-bit strip of 512 bytes in a file of ~130
        f.write(classic_tiff(basic(64, 64, bits=1, count=2), b'\0' * 2))
    with open(p('ifd_past_eof.tif'), 'wb') as f:
        f.write(b'II*\0' + struct.pack('<I', 1 << 30) + b'\0' * 16)
    with open(p('header_only.tif'), 'wb') as f:
        f.write(b'II*\0')
    with open(p('zero_width.tif'), 'wb') as f:
        f.write(classic_tiff(basic(0, 16, count=0), b'\0' * 8))
    print(json.dumps(out))


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write(sys.argv[2])
    else:
        raise SystemExit('unknown command ' + sys.argv[1])
