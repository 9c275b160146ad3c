"""TIFF files as other software writes them, for test/tiff-third-party.test.ts:
old-style JPEG, sparse files, mixed-page series, renamed OME-TIFF, 1/2/4/12-bit
and bilevel CCITT samples. Each read is recorded as raw little-endian C-order
bytes from an independent oracle: tifffile's reading of the file, or libtiff's
own decoding through its command-line tools, or the NumPy array written.

usage: tiff_third_party.py write <outdir>   -> prints one JSON manifest line:
  [{name, file, series, shape, dtype, bin, tolerance, oracle}]
"""
import io
import json
import os
import struct
import subprocess
import sys

import numpy as np
import tifffile
from PIL import Image


def classic_tiff(entries, payload=b''):
    """One little-endian classic IFD after `payload` (which sits at offset 8).
    entries: [(tag, type, [values])], type 3 = SHORT, 4 = LONG."""
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


def gradient(h, w):
    yy, xx = np.mgrid[0:h, 0:w]
    return np.stack([(xx * 3) % 256, (yy * 5) % 256, ((xx + yy) * 2) % 256], -1).astype(np.uint8)


def ojpeg(path, image, subsampling):
    """Old-style JPEG: one strip that is a whole baseline JFIF stream (made
    by Pillow), also pointed at by JPEGInterchangeFormat, compression 6."""
    h, w = image.shape[:2]
    rgb = image.ndim == 3
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, 'JPEG', quality=95, subsampling=subsampling)
    jpg = buf.getvalue()
    entries = [(256, 4, [w]), (257, 4, [h]), (258, 3, [8] * (3 if rgb else 1)), (259, 3, [6]),
               (262, 3, [6 if rgb else 1]), (273, 4, [8]), (277, 3, [3 if rgb else 1]), (278, 4, [h]),
               (279, 4, [len(jpg)]), (284, 3, [1]), (512, 3, [1]), (513, 4, [8]), (514, 4, [len(jpg)])]
    if rgb:
        entries.append((530, 3, [2, 2] if subsampling == 2 else [1, 1]))
    with open(path, 'wb') as f:
        f.write(classic_tiff(entries, jpg))


class Manifest:
    def __init__(self, outdir):
        self.outdir = outdir
        self.entries = []

    def path(self, name):
        return os.path.join(self.outdir, name)

    def add(self, name, arr, series=0, level=0, tolerance=0, oracle='tifffile', tag='', counts=None):
        """counts: (number of series in the file, number of levels of this series)."""
        arr = np.asarray(arr)
        binfile = self.path(f'{name}.s{series}.l{level}{tag}.bin')
        arr.astype(arr.dtype.newbyteorder('<'), copy=False).tofile(binfile)
        entry = {'name': name, 'file': self.path(name), 'series': series, 'level': level, 'shape': list(arr.shape),
                 'dtype': arr.dtype.name, 'bin': binfile, 'tolerance': tolerance, 'oracle': oracle}
        if counts:
            entry['seriesCount'], entry['levels'] = counts
        self.entries.append(entry)

    def add_tifffile(self, name, tolerance=0):
        """Every series and level as tifffile reads them."""
        with tifffile.TiffFile(self.path(name)) as tif:
            for s, series in enumerate(tif.series):
                for lvl, level in enumerate(series.levels):
                    self.add(name, level.asarray(), s, lvl, tolerance, counts=(len(tif.series), len(series.levels)))


def libtiff_rgb(path, tmp):
    """libtiff's own decoding to RGB: tiff2rgba, alpha dropped."""
    subprocess.run(['tiff2rgba', '-c', 'none', path, tmp], check=True, capture_output=True)
    return tifffile.imread(tmp)[..., :3]


def old_jpeg(m):
    rgb = gradient(45, 61)
    for name, image, sub in [('ojpeg_ycbcr420.tif', rgb, 2), ('ojpeg_ycbcr444.tif', rgb, 0),
                             ('ojpeg_gray.tif', rgb[..., 0].copy(), 0)]:
        ojpeg(m.path(name), image, sub)
        # libjpeg (tifffile) and libtiff upsample chroma differently: ±3.
        m.add_tifffile(name, tolerance=0 if sub == 0 else 3)
        if image.ndim == 3:
            m.add(name, libtiff_rgb(m.path(name), m.path(name + '.rgba.tif')), oracle='libtiff tiff2rgba', tag='.libtiff')


def zero_chunks(path, page, chunks, offset=True):
    """Makes chunks of a little-endian classic file's page sparse: byte count
    0, and offset 0 too unless offset=False."""
    with tifffile.TiffFile(path) as tif:
        p = tif.pages[page]
        offsets, counts = (p.tags[324], p.tags[325]) if p.is_tiled else (p.tags[273], p.tags[279])
        assert offsets.count > 1  # the values are out of line
    with open(path, 'r+b') as f:
        for i in chunks:
            for tag in (offsets, counts) if offset else (counts,):
                size = {3: 2, 4: 4}[int(tag.dtype)]  # SHORT or LONG
                f.seek(tag.valueoffset + size * i)
                f.write(bytes(size))


def sparse(m):
    data = (np.arange(2 * 64 * 80, dtype=np.uint16).reshape(2, 64, 80) + 1)
    tifffile.imwrite(m.path('sparse_tiles.tif'), data, tile=(16, 32), compression='zlib', photometric='minisblack')
    zero_chunks(m.path('sparse_tiles.tif'), 1, [0, 5, 7])  # 5 is an edge tile
    tifffile.imwrite(m.path('sparse_strips.tif'), data[0], rowsperstrip=10)
    zero_chunks(m.path('sparse_strips.tif'), 0, [2, 6])  # 6 is the short last strip
    zero_chunks(m.path('sparse_strips.tif'), 0, [4], offset=False)
    rgb = np.stack([data[0] % 251, data[0] % 241, data[0] % 239], 0).astype(np.uint8)
    tifffile.imwrite(m.path('sparse_planar.tif'), rgb, tile=(16, 16), planarconfig='separate', photometric='rgb')
    zero_chunks(m.path('sparse_planar.tif'), 0, [1, 20 + 3, 40 + 19])  # one tile of each plane
    for name in ('sparse_tiles.tif', 'sparse_strips.tif', 'sparse_planar.tif'):
        m.add_tifffile(name)


def series(m):
    rng = np.random.default_rng(5)
    u = lambda shape, dt: rng.integers(0, np.iinfo(dt).max, shape, dtype=dt)
    with tifffile.TiffWriter(m.path('series_palette_miniswhite.tif')) as w:
        cmap = rng.integers(0, 65535, (3, 256), dtype=np.uint16)
        w.write(u((40, 50), np.uint8), photometric='palette', colormap=cmap, metadata=None)
        w.write(u((40, 50), np.uint8), photometric='miniswhite', metadata=None)
        w.write(u((40, 50), np.uint8), photometric='palette', colormap=cmap, metadata=None)
    with tifffile.TiffWriter(m.path('series_codecs_interleaved.tif')) as w:
        for i in range(5):
            w.write(u((30, 40), np.uint16), metadata=None, compression='zlib' if i % 2 == 0 else 'lzw')
        w.write(u((30, 40), np.uint16), metadata=None, compression='zlib', predictor=True)
    with tifffile.TiffWriter(m.path('series_chain_pyramid.tif')) as w:
        base = u((2, 100, 90), np.uint8)
        for k in (1, 2, 4):
            w.write(base[:, ::k, ::k].copy(), metadata=None, photometric='minisblack', tile=(16, 16))
        w.write(u((20, 20), np.uint8), metadata=None)
    with tifffile.TiffWriter(m.path('series_reduced_factor3.tif')) as w:
        base = u((100, 90), np.uint8)
        for k in (1, 2, 3):  # 1/3 is not the next factor-2 step
            w.write(base[::k, ::k].copy(), metadata=None, subfiletype=0 if k == 1 else 1)
    # Bio-Formats style: an ImageJ header saying 4 channels over a
    # main-chain pyramid of one channel. tifffile (which needs strips here:
    # it fails on the tiled form) falls back to the page structure.
    with tifffile.TiffWriter(m.path('series_imagej_contradicted.tif')) as w:
        base = u((128, 96), np.uint16)
        desc = 'ImageJ=\nhyperstack=true\nimages=4\nchannels=4\nslices=1\nframes=1\n'
        for lvl in range(4):
            w.write(base[::2 ** lvl, ::2 ** lvl].copy(), description=desc if lvl == 0 else None, metadata=None,
                    subfiletype=1 if lvl else 0)
    for name in ('series_palette_miniswhite.tif', 'series_codecs_interleaved.tif', 'series_chain_pyramid.tif',
                 'series_reduced_factor3.tif', 'series_imagej_contradicted.tif'):
        m.add_tifffile(name)


def ome_xml(name, own_uuid, blocks, root_uuid=True):
    """Bio-Formats style OME-XML for a ZC stack of 3 x 2 uint16 planes of
    30 x 40, one TiffData per plane naming its file by UUID and FileName.
    blocks: [(uuid, filename)] per plane, in XYZCT order."""
    tiffdata = ''.join(
        f'<TiffData FirstC="{i // 3}" FirstT="0" FirstZ="{i % 3}" IFD="{i}" PlaneCount="1">'
        f'<UUID FileName="{fn}">{uuid}</UUID></TiffData>' for i, (uuid, fn) in enumerate(blocks))
    root = f' UUID="{own_uuid}"' if root_uuid else ''
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" '
            f'Creator="OME Bio-Formats 6.0.0"{root}>'
            f'<Image ID="Image:0" Name="{name}"><Pixels BigEndian="false" DimensionOrder="XYZCT" ID="Pixels:0" '
            'SizeC="2" SizeT="1" SizeX="40" SizeY="30" SizeZ="3" Type="uint16">'
            '<Channel ID="Channel:0:0" SamplesPerPixel="1"/><Channel ID="Channel:0:1" SamplesPerPixel="1"/>'
            f'{tiffdata}</Pixels></Image></OME>')


def renamed_ome(m):
    """OME-TIFFs renamed after they were written: TiffData FileName still
    says "written.ome.tif"; the UUID says which planes are in this file."""
    data = np.random.default_rng(7).integers(0, 60000, (6, 30, 40), dtype=np.uint16)
    own = 'urn:uuid:0b6e4a8c-7e53-4f0e-9a4c-2f3c5d6e7f80'
    other = 'urn:uuid:9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d'
    variants = {
        'ome_renamed.ome.tif': (ome_xml('renamed', own, [(own, 'written.ome.tif')] * 6), True),
        # Planes 3.. in a sibling file that is not here: still multi-file.
        'ome_multifile.ome.tif': (ome_xml('multi', own, [(own, 'written.ome.tif')] * 3 +
                                          [(other, 'sibling.ome.tif')] * 3), False),
    }
    for name, (xml, oracle) in variants.items():
        with tifffile.TiffWriter(m.path(name)) as w:
            for i in range(6):
                w.write(data[i], description=xml if i == 0 else None, metadata=None, contiguous=False)
        if oracle:
            with tifffile.TiffFile(m.path(name)) as tif:
                assert tif.series[0].kind == 'ome' and tif.series[0].axes == 'CZYX', tif.series[0].axes
            m.add_tifffile(name)
            assert np.array_equal(tifffile.imread(m.path(name)), data.reshape(2, 3, 30, 40))


def write(outdir):
    os.makedirs(outdir, exist_ok=True)
    m = Manifest(outdir)
    old_jpeg(m)
    sparse(m)
    series(m)
    renamed_ome(m)
    print(json.dumps(m.entries))


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write(sys.argv[2])
    else:
        raise SystemExit('unknown command ' + sys.argv[1])
