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
import subprocess
import sys

import numpy as np
import tifffile
from PIL import Image
from tiff_hostile import classic_tiff  # one hand-built IFD writer for both oracles


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


def tiffcp(m, src, dst, *args):
    subprocess.run(['tiffcp', *args, m.path(src), m.path(dst)], check=True, capture_output=True)


def strips(path):
    with tifffile.TiffFile(path) as tif:
        page = tif.pages[0]
        offsets, counts = page.dataoffsets, page.databytecounts
    with open(path, 'rb') as f:
        data = f.read()
    return [data[o:o + n] for o, n in zip(offsets, counts)]


def ccitt_rle(m, src, dst, height, width):
    """CCITT modified Huffman RLE (compression 2), which no tool writes:
    G3 1D with byte-aligned EOLs, one row a strip, is [00 01 = EOL][row
    codes, padded to a byte]; dropping the EOL leaves the RLE row."""
    tiffcp(m, src, 'tmp_g3_1d.tif', '-c', 'g3:1d:fill', '-r', '1')
    rows = strips(m.path('tmp_g3_1d.tif'))
    assert len(rows) == height and all(r[:2] == b'\0\1' for r in rows)
    rows = [r[2:] for r in rows]
    payload = b''.join(rows)
    offsets, at = [], 8
    for r in rows:
        offsets.append(at)
        at += len(r)
    entries = [(256, 4, [width]), (257, 4, [height]), (258, 3, [1]), (259, 3, [2]), (262, 3, [0]),
               (273, 4, offsets), (277, 3, [1]), (278, 4, [1]), (279, 4, [len(r) for r in rows])]
    with open(m.path(dst), 'wb') as f:
        f.write(classic_tiff(entries, payload))


def packed_bits(m):
    rng = np.random.default_rng(3)
    # Bilevel: tifffile writes bool as 1-bit; libtiff's tools recompress it.
    bilevel = rng.integers(0, 2, (37, 45)).astype(bool)
    tifffile.imwrite(m.path('bits1_none.tif'), bilevel, rowsperstrip=5)
    tiffcp(m, 'bits1_none.tif', 'bits1_g3_1d.tif', '-c', 'g3:1d', '-r', '7')
    tiffcp(m, 'bits1_none.tif', 'bits1_g3_2d.tif', '-c', 'g3:2d:fill', '-r', '8')
    tiffcp(m, 'bits1_none.tif', 'bits1_g4_tiled.tif', '-c', 'g4', '-t', '-w', '16', '-l', '16')
    tiffcp(m, 'bits1_none.tif', 'bits1_packbits.tif', '-c', 'packbits')
    ccitt_rle(m, 'bits1_none.tif', 'bits1_rle.tif', *bilevel.shape)
    tiffcp(m, 'bits1_rle.tif', 'tmp_rle_none.tif', '-c', 'none')  # libtiff's own decoding
    m.add('bits1_rle.tif', tifffile.imread(m.path('tmp_rle_none.tif')), oracle='libtiff tiffcp', tag='.libtiff')
    # fax2tiff: raw G3 from the strips above, written back LSB-first (FillOrder 2).
    with open(m.path('tmp.g3'), 'wb') as f:
        f.write(b''.join(strips(m.path('bits1_g3_1d.tif'))))
    subprocess.run(['fax2tiff', '-M', '-X', str(bilevel.shape[1]), '-o', m.path('bits1_fax2tiff.tif'), m.path('tmp.g3')],
                   check=True, capture_output=True)
    names = ['bits1_none.tif', 'bits1_g3_1d.tif', 'bits1_g3_2d.tif', 'bits1_g4_tiled.tif', 'bits1_packbits.tif',
             'bits1_rle.tif', 'bits1_fax2tiff.tif']
    for name in names:
        with tifffile.TiffFile(m.path(name)) as tif:
            page = tif.pages[0]
            assert page.bitspersample == 1, name
            if name != 'bits1_rle.tif':  # tifffile does not decode CCITT RLE: NumPy below
                m.add_tifffile(name)
        if name != 'bits1_fax2tiff.tif':  # fax2tiff may flip the photometric sense
            m.add(name, bilevel, oracle='numpy', tag='.numpy')
    # 2, 4 and 12 bits (tifffile packs them uncompressed; tiffcp compresses and tiles).
    for bits, shape, kw in [(2, (3, 21, 19), {'photometric': 'minisblack'}),
                            (4, (23, 17, 3), {'photometric': 'rgb'}),
                            (4, (3, 20, 18), {'photometric': 'rgb', 'planarconfig': 'separate'}),
                            (12, (2, 25, 31), {'photometric': 'minisblack'}),
                            (12, (2, 25, 31), {'photometric': 'minisblack', 'byteorder': '>'})]:
        data = rng.integers(0, 2 ** bits, shape).astype(np.uint8 if bits <= 8 else np.uint16)
        base = f'bits{bits}_{kw.get("planarconfig", "contig")}{"_be" if "byteorder" in kw else ""}'
        tifffile.imwrite(m.path(base + '.tif'), data, bitspersample=bits, rowsperstrip=4, **kw)
        # tiffcp cannot re-tile separate planes of sub-byte samples
        tiling = ['-t', '-w', '16', '-l', '16'] if 'planarconfig' not in kw else ['-r', '3']
        tiffcp(m, base + '.tif', base + '_zlib_tiled.tif', '-c', 'zip', *tiling)
        tiffcp(m, base + '.tif', base + '_lzw.tif', '-c', 'lzw', '-r', '5')
        for name in (base + '.tif', base + '_zlib_tiled.tif', base + '_lzw.tif'):
            m.add_tifffile(name)
            if 'byteorder' not in kw:
                m.add(name, data, oracle='numpy', tag='.numpy')
            else:
                # tifffile's writer packs big-endian 12-bit samples byte-swapped,
                # so its input is no oracle here. A packed bit stream has no byte
                # order: libtiff copies it unchanged into a little-endian file.
                tiffcp(m, name, 'tmp_le.tif', '-L')
                m.add(name, tifffile.imread(m.path('tmp_le.tif')), oracle='libtiff tiffcp -L', tag='.libtiff')


def write(outdir):
    os.makedirs(outdir, exist_ok=True)
    m = Manifest(outdir)
    old_jpeg(m)
    sparse(m)
    series(m)
    renamed_ome(m)
    packed_bits(m)
    print(json.dumps(m.entries))


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write(sys.argv[2])
    else:
        raise SystemExit('unknown command ' + sys.argv[1])
