"""Oracle for test/cluster.test.ts: the input arrays (zarr-python) and the
chain's expected values (NumPy + scipy.ndimage), so cluster writes are
checked against code that is not ours."""
import json
import sys

import numpy as np
import scipy.ndimage as ndi
import zarr

SHAPE = (64, 256, 512)
CHUNKS = (8, 64, 128)


def make(folder):
    rng = np.random.default_rng(14)
    a = rng.integers(0, 4000, size=SHAPE, dtype=np.uint16)
    for name in ('in.zarr', 'bad.zarr'):
        z = zarr.create_array(f'{folder}/{name}', shape=SHAPE, chunks=CHUNKS, dtype='uint16',
                              compressors=zarr.codecs.ZstdCodec(level=1), zarr_format=3)
        z[...] = a
    # One chunk of bad.zarr is no longer zstd data.
    with open(f'{folder}/bad.zarr/c/3/2/1', 'wb') as f:
        f.write(b'not zstd at all' * 64)
    print(json.dumps({'shape': list(SHAPE)}))


def expected(plan):
    a = zarr.open_array(plan['input'], mode='r')[...]
    x = a.astype(np.float32) * np.float32(plan['scale']) + np.float32(plan['offset'])
    x = ndi.gaussian_filter(x, sigma=plan['sigma'], mode='reflect')
    f = plan['factors']
    s = x.shape
    blocks = x.reshape(s[0] // f[0], f[0], s[1] // f[1], f[1], s[2] // f[2], f[2])
    return blocks.astype(np.float64).mean(axis=(1, 3, 5)).astype(np.float32)


def check(plan_file):
    plan = json.load(open(plan_file))
    want = expected(plan)
    out = []
    for path in plan['outputs']:
        got = zarr.open_array(path, mode='r')[...]
        err = float(np.max(np.abs(got.astype(np.float64) - want) / np.maximum(1.0, np.abs(want)))) if got.shape == want.shape else None
        out.append({'path': path, 'shape': list(got.shape), 'dtype': str(got.dtype), 'maxRelErr': err})
    print(json.dumps(out))


def upload(endpoint, bucket, folder, prefix):
    """Creates the bucket on the test's moto server and copies a local folder under prefix."""
    import os
    import boto3
    s3 = boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1',
                      aws_access_key_id='testing', aws_secret_access_key='testing')
    s3.create_bucket(Bucket=bucket)
    for root, _, files in os.walk(folder):
        for name in files:
            full = os.path.join(root, name)
            s3.upload_file(full, bucket, f'{prefix}/{os.path.relpath(full, folder)}')


if __name__ == '__main__':
    {'make': make, 'check': check, 'upload': upload}[sys.argv[1]](*sys.argv[2:])
