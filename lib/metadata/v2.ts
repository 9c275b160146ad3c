/** Zarr v2 array metadata (.zarray + .zattrs) → SourceInfo, and the .zarray io.write produces. */
import path from 'node:path';
import { isRemote, joinRemote } from '../store/remote';
import { Codecs } from '../codecs/codecs';
import type { DType } from '../dtype';
import type { ZarrSourceSpec } from '../job/job-spec';
import type { SourceInfo } from '../source-info';
import { v2Chain } from './codec-chain';
import { intList, MetadataContext } from './context';
import { bigintText, parseMetadataObject } from './document';
import { parseFillValue } from './fill-value';
import { checkArrayBytes, checkChunkBytes } from './limits';
import type { JsonValue } from './json-text';
import { parseV2DType, v2DTypeString } from './v2-dtype';

/**
 * `dir` is the array directory; `zarray`/`zattrs` the file texts (zattrs may be null).
 * Attributes `_ARRAY_DIMENSIONS` (the xarray convention) give dimension names.
 */
export function parseV2Array(dir: string, zarray: string, zattrs: string | null): SourceInfo {
  const meta = parseMetadataObject((isRemote(dir) ? joinRemote : path.join)(dir, '.zarray'), zarray);
  const attributes = zattrs === null ? {} : parseMetadataObject((isRemote(dir) ? joinRemote : path.join)(dir, '.zattrs'), zattrs);
  return parseV2ArrayObject(dir, meta, attributes, (isRemote(dir) ? joinRemote : path.join)(dir, '.zarray'));
}

/** The parsed .zarray and .zattrs objects of the array in `dir`; `file` names their source in errors. */
export function parseV2ArrayObject(dir: string, meta: Record<string, unknown>, attributes: Record<string, unknown>, file: string): SourceInfo {
  const ctx = new MetadataContext(file);
  if (meta.zarr_format !== 2) ctx.invalid('zarr_format', `must be 2, got ${JSON.stringify(meta.zarr_format)}`);
  if (!('shape' in meta)) ctx.invalid('shape', 'is missing');
  if (!('chunks' in meta)) ctx.invalid('chunks', 'is missing');
  if (!('dtype' in meta)) ctx.invalid('dtype', 'is missing');
  const shape = intList(ctx, 'shape', meta.shape, 0);
  const chunks = intList(ctx, 'chunks', meta.chunks, 1, shape.length);
  const parsedType = parseV2DType(meta.dtype);
  if (!parsedType) {
    if (typeof meta.dtype === 'string' || Array.isArray(meta.dtype)) ctx.unsupported('dtype', `${JSON.stringify(meta.dtype)} is not a supported data type (bool, integers, floats, complex)`);
    ctx.invalid('dtype', `must be a dtype string, got ${JSON.stringify(meta.dtype)}`);
  }
  const { dtype, endian } = parsedType as { dtype: DType; endian: 'little' | 'big' };
  checkArrayBytes(ctx, 'shape', shape, dtype);
  checkChunkBytes(ctx, 'chunks', chunks, dtype);
  const separator = meta.dimension_separator ?? '.';
  if (separator !== '.' && separator !== '/') ctx.invalid('dimension_separator', `must be "." or "/", got ${JSON.stringify(separator)}`);
  const fill = parseFillValue((meta.fill_value ?? null) as JsonValue, dtype, 2);
  if (!fill) ctx.invalid('fill_value', `${JSON.stringify(meta.fill_value, bigintText)} is not a ${dtype} value`);
  const codecs = v2Chain(ctx, meta, dtype, endian, shape.length);

  const dims = attributes._ARRAY_DIMENSIONS;
  const dimensionNames = Array.isArray(dims) && dims.length === shape.length && dims.every((d) => typeof d === 'string' || d === null)
    ? (dims as Array<string | null>) : null;

  const spec: ZarrSourceSpec = {
    kind: 'zarr',
    path: isRemote(dir) ? dir : path.resolve(dir),
    shape,
    dtype,
    chunkShape: chunks,
    keyEncoding: { kind: 'v2', separator: separator as '.' | '/' },
    fillValue: fill!.hex,
    codecs,
  };
  return {
    spec, shape, dtype, chunks, shards: null, zarrFormat: 2,
    codecs: Codecs.fromV3Chain(codecs),
    fillValue: fill!.value,
    attributes,
    dimensionNames,
  };
}

/** The .zarray object io.write writes ('.' separator; order and byte order as asked, C and little by default). */
export function v2ArrayMetadata(args: {
  shape: number[]; chunks: number[]; dtype: DType; codecs: Codecs; fill: JsonValue; order?: 'C' | 'F'; endian?: 'little' | 'big';
}): Record<string, unknown> {
  const big = args.endian === 'big';
  const dtype = v2DTypeString(args.dtype);
  return {
    zarr_format: 2,
    shape: args.shape,
    chunks: args.chunks,
    dtype: big && dtype[0] === '<' ? `>${dtype.slice(1)}` : dtype,
    compressor: args.codecs.toV2Compressor(),
    fill_value: args.fill,
    order: args.order ?? 'C',
    filters: args.codecs.toV2Filters(args.dtype, big),
    dimension_separator: '.',
  };
}
