"""Fixtures and oracles of the remote-storage tests (test/remote-*.test.ts).

  make PLAN      write the fixture arrays with zarr-python 3 into PLAN.dir and
                 report zarr-python's own read of each (base64, C order,
                 little-endian) and, for sharded arrays, every shard's index
  s3-setup PLAN  on moto: an IAM user with an access key (made first, while
                 moto still serves unsigned requests), buckets, and uploads
                 of local folders
  s3-fetch PLAN  download a prefix to a local folder, list its keys, and read
                 the array there with zarr-python
  s3-download PLAN  download a prefix to PLAN.dir, list its keys, and read
                 each of PLAN.arrays (paths inside it) with zarr-python
"""
import base64
import json
import os
import shutil
import sys

import numpy as np


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes()).decode()


def shard_indexes(folder, grid, inner_count):
    out = {}
    for root, _, files in os.walk(os.path.join(folder, 'c')):
        for f in files:
            p = os.path.join(root, f)
            key = os.path.relpath(p, folder).replace(os.sep, '/')
            raw = open(p, 'rb').read()
            idx = np.frombuffer(raw[-(inner_count * 16 + 4):-4], dtype='<u8').reshape(-1, 2)
            out[key] = {'size': len(raw), 'index': idx.tolist()}
    return out


def make(plan):
    import zarr
    d = plan['dir']
    report = {}
    rng = np.random.default_rng(7)
    # v3 sharded uint16 (64, 48): shards (32, 24) of inner chunks (8, 8); one
    # inner chunk left all-fill (so it is absent from its shard).
    data = (np.arange(64 * 48, dtype=np.uint16).reshape(64, 48) * 7 + 1).astype(np.uint16)
    data[8:16, 8:16] = 0
    a = zarr.create_array(os.path.join(d, 'sharded.zarr'), shape=data.shape, dtype='uint16', chunks=(8, 8),
                          shards=(32, 24), fill_value=0, zarr_format=3)
    a[...] = data
    report['sharded'] = {'values': b64(zarr.open_array(os.path.join(d, 'sharded.zarr'), mode='r')[...]),
                         'indexes': shard_indexes(os.path.join(d, 'sharded.zarr'), (4, 3), 12)}
    # v2 float32 (30, 20), chunks (10, 10); chunk 1.1 removed (reads as the fill value).
    v = rng.standard_normal((30, 20)).astype(np.float32)
    for name in plan.get('v2_copies', ['v2']):
        b = zarr.create_array(os.path.join(d, name), shape=v.shape, dtype='float32', chunks=(10, 10),
                              fill_value=-1.5, zarr_format=2)
        b[...] = v
        os.remove(os.path.join(d, name, '0.1'))
    if plan.get('big'):
        # One uncompressed 1 MiB chunk, for a transfer slow enough to cancel.
        big = zarr.create_array(os.path.join(d, 'big'), shape=(1024, 1024), dtype='uint8', chunks=(1024, 1024),
                                compressors=None, zarr_format=2)
        big[...] = 1
    report['v2'] = {'values': b64(zarr.open_array(os.path.join(d, plan.get('v2_copies', ['v2'])[0]), mode='r')[...])}
    return report


def client(plan, creds=None):
    import boto3
    c = creds or {'accessKeyId': 'testing', 'secretAccessKey': 'testing'}
    return boto3.client('s3', endpoint_url=plan['endpoint'], region_name='us-east-1',
                        aws_access_key_id=c['accessKeyId'], aws_secret_access_key=c['secretAccessKey'])


def s3_setup(plan):
    import boto3
    creds = None
    if plan.get('iam'):
        iam = boto3.client('iam', endpoint_url=plan['endpoint'], region_name='us-east-1',
                           aws_access_key_id='testing', aws_secret_access_key='testing')
        iam.create_user(UserName='dz')
        iam.put_user_policy(UserName='dz', PolicyName='all', PolicyDocument=json.dumps(
            {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}))
        key = iam.create_access_key(UserName='dz')['AccessKey']
        creds = {'accessKeyId': key['AccessKeyId'], 'secretAccessKey': key['SecretAccessKey']}
    s3 = client(plan, creds)
    for bucket in plan.get('buckets', []):
        s3.create_bucket(Bucket=bucket)
    for up in plan.get('uploads', []):
        for root, _, files in os.walk(up['dir']):
            for f in files:
                p = os.path.join(root, f)
                rel = os.path.relpath(p, up['dir']).replace(os.sep, '/')
                s3.upload_file(p, up['bucket'], up['prefix'] + '/' + rel)
    return {'creds': creds}


def s3_fetch(plan):
    import zarr
    s3 = client(plan, plan.get('creds'))
    prefix = plan['prefix'] + '/'
    keys = []
    for page in s3.get_paginator('list_objects_v2').paginate(Bucket=plan['bucket'], Prefix=prefix):
        keys += [o['Key'][len(prefix):] for o in page.get('Contents', [])]
    out = {'keys': sorted(keys)}
    if plan.get('read'):
        shutil.rmtree(plan['dir'], ignore_errors=True)
        for k in keys:
            p = os.path.join(plan['dir'], k)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            s3.download_file(plan['bucket'], prefix + k, p)
        a = zarr.open_array(plan['dir'], mode='r')
        out['values'] = b64(a[...])
        out['dtype'] = str(a.dtype)
        out['shape'] = list(a.shape)
    return out


def s3_download(plan):
    import zarr
    s3 = client(plan, plan.get('creds'))
    prefix = plan['prefix'] + '/'
    keys = []
    for page in s3.get_paginator('list_objects_v2').paginate(Bucket=plan['bucket'], Prefix=prefix):
        keys += [o['Key'][len(prefix):] for o in page.get('Contents', [])]
    shutil.rmtree(plan['dir'], ignore_errors=True)
    os.makedirs(plan['dir'])
    for k in keys:
        p = os.path.join(plan['dir'], k)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        s3.download_file(plan['bucket'], prefix + k, p)
    values = {a: b64(zarr.open_array(os.path.join(plan['dir'], a), mode='r')[...]) for a in plan.get('arrays', [])}
    return {'keys': sorted(keys), 'values': values}


if __name__ == '__main__':
    command, plan_file = sys.argv[1], sys.argv[2]
    plan = json.load(open(plan_file))
    fn = {'make': make, 's3-setup': s3_setup, 's3-fetch': s3_fetch, 's3-download': s3_download}[command]
    print(json.dumps(fn(plan)))
