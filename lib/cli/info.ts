/** `dyna-zarr info <path> [--json]`: what an array is, without reading its chunks. */
import { io, type DynamicArray } from '../index';
import { bytesOnDisk } from './disk-usage';
import { formatBytes, formatShape, jsonSafe } from './format';

export interface InfoOptions {
  json?: boolean;
  array?: string;
  storageOptions?: Record<string, unknown>;
}

function formatName(a: DynamicArray): string {
  return a.zarrFormat === null ? 'TIFF' : `Zarr v${a.zarrFormat}`;
}

function describeCodecs(a: DynamicArray): string {
  const c = a.codecs;
  if (c === null) return a.zarrFormat === null ? 'TIFF compression (decoded by libtiff)' : 'none';
  const filters = c.filters.length > 0 ? `filters ${c.filters.map((f) => f.id).join(', ')} → ` : '';
  const checksum = c.checksum ? ` + ${c.checksum}` : '';
  if (c.compressor === null) return `${filters}none${checksum}`;
  const parts = [`level ${c.clevel}`];
  if (c.compressor === 'blosc') parts.push(`cname ${c.cname}`, `shuffle ${c.shuffle}`);
  return `${filters}${c.compressor} (${parts.join(', ')})${checksum}`;
}

/** The JSON form: the contract's keys first, then extras; bigint and NaN made JSON-safe. */
function infoObject(target: string, a: DynamicArray): Record<string, unknown> {
  const onDisk = bytesOnDisk(target);
  return jsonSafe({
    path: target,
    format: a.zarrFormat === null ? 'tiff' : 'zarr',
    zarrFormat: a.zarrFormat,
    shape: a.shape,
    dtype: a.dtype,
    chunks: a.chunks,
    shards: a.shards,
    codecs: a.codecs,
    fillValue: a.fillValue,
    attributes: a.attributes,
    nbytes: a.nbytes,
    bytesOnDisk: onDisk,
  }) as Record<string, unknown>;
}

function infoText(target: string, a: DynamicArray): string {
  const onDisk = bytesOnDisk(target);
  const ratio = onDisk > 0 ? ` (${(a.nbytes / onDisk).toFixed(2)}× compression)` : '';
  const attrs = Object.keys(a.attributes ?? {}).length === 0
    ? 'none'
    : JSON.stringify(jsonSafe(a.attributes), null, 2).split('\n').join('\n             ');
  const lines = [
    `path:        ${target}`,
    `format:      ${formatName(a)}`,
    `shape:       ${formatShape(a.shape)}`,
    `dtype:       ${a.dtype}`,
    `chunks:      ${formatShape(a.chunks)}`,
    `shards:      ${formatShape(a.shards)}`,
    `codecs:      ${describeCodecs(a)}`,
    `fill value:  ${JSON.stringify(jsonSafe(a.fillValue))}`,
    `size:        ${formatBytes(onDisk)} on disk, ${formatBytes(a.nbytes)} decoded${ratio}`,
    `attributes:  ${attrs}`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function runInfo(target: string, options: InfoOptions): Promise<number> {
  const a = await io.read(target, {
    ...(options.array !== undefined ? { array: options.array } : {}),
    ...(options.storageOptions !== undefined ? { storageOptions: options.storageOptions } : {}),
  });
  process.stdout.write(options.json ? `${JSON.stringify(infoObject(target, a), null, 2)}\n` : infoText(target, a));
  return 0;
}
