/** Zarr v3 array metadata (zarr.json) → SourceInfo, and the zarr.json io.write produces. */
import path from 'node:path';
import { isRemote, joinRemote } from '../store/remote';
import { Codecs } from '../codecs/codecs';
import { isDType, type DType } from '../dtype';
import type { CodecSpec, KeyEncodingSpec, ZarrSourceSpec } from '../job/job-spec';
import type { SourceInfo } from '../source-info';
import { v3Chain } from './codec-chain';
import { intList, isObject, MetadataContext } from './context';
import { parseFillValue } from './fill-value';
import { checkArrayBytes, checkChunkBytes, checkShardIndex } from './limits';
import type { JsonValue } from './json-text';
import { bigintText } from './document';

/** `meta` is the parsed zarr.json of node_type "array" in directory `dir`; `file` names its source in errors. */
export function parseV3Array(dir: string, meta: Record<string, unknown>, file = (isRemote(dir) ? joinRemote : path.join)(dir, 'zarr.json')): SourceInfo {
  const ctx = new MetadataContext(file);
  if (meta.zarr_format !== 3) ctx.invalid('zarr_format', `must be 3, got ${JSON.stringify(meta.zarr_format)}`);
  if (meta.node_type !== 'array') ctx.invalid('node_type', `must be "array", got ${JSON.stringify(meta.node_type)}`);
  for (const key of ['shape', 'data_type', 'chunk_grid', 'chunk_key_encoding', 'fill_value', 'codecs']) {
    if (!(key in meta)) ctx.invalid(key, 'is missing');
  }
  const shape = intList(ctx, 'shape', meta.shape, 0);
  if (!isDType(meta.data_type)) {
    if (typeof meta.data_type === 'string' || isObject(meta.data_type)) ctx.unsupported('data_type', `${JSON.stringify(meta.data_type)} is not a supported data type`);
    ctx.invalid('data_type', `must be a data type name, got ${JSON.stringify(meta.data_type)}`);
  }
  const dtype = meta.data_type as DType;

  const grid = meta.chunk_grid;
  if (!isObject(grid) || typeof grid.name !== 'string') return ctx.invalid('chunk_grid', 'must be an object with a "name"');
  if (grid.name !== 'regular') ctx.unsupported('chunk_grid.name', `${JSON.stringify(grid.name)} is not supported (only "regular")`);
  const gridCfg = isObject(grid.configuration) ? grid.configuration : {};
  const chunkShape = intList(ctx, 'chunk_grid.configuration.chunk_shape', gridCfg.chunk_shape, 1, shape.length);

  const keyEncoding = parseKeyEncoding(ctx, meta.chunk_key_encoding);
  const fill = parseFillValue(meta.fill_value as JsonValue, dtype, 3);
  if (!fill) ctx.invalid('fill_value', `${JSON.stringify(meta.fill_value, bigintText)} is not a ${dtype} value`);
  const codecs = v3Chain(ctx, 'codecs', meta.codecs, dtype, chunkShape);

  const transformers = meta.storage_transformers;
  if (transformers !== undefined && !(Array.isArray(transformers) && transformers.length === 0)) {
    ctx.unsupported('storage_transformers', 'are not supported');
  }
  let dimensionNames: Array<string | null> | null = null;
  if (meta.dimension_names !== undefined && meta.dimension_names !== null) {
    const d = meta.dimension_names;
    if (!Array.isArray(d) || d.length !== shape.length || !d.every((x) => typeof x === 'string' || x === null)) {
      ctx.invalid('dimension_names', `must be a list of ${shape.length} strings or nulls`);
    }
    dimensionNames = d as Array<string | null>;
  }
  const attributes = meta.attributes ?? {};
  if (!isObject(attributes)) ctx.invalid('attributes', 'must be an object');

  const shard = codecs.find((c) => c.name === 'sharding_indexed');
  const inner = shard ? (shard.configuration!.chunk_shape as number[]) : chunkShape;
  checkArrayBytes(ctx, 'shape', shape, dtype);
  if (shard) {
    const at = codecs.indexOf(shard);
    checkChunkBytes(ctx, `codecs[${at}].configuration.chunk_shape`, inner, dtype);
    checkShardIndex(ctx, 'chunk_grid.configuration.chunk_shape', chunkShape, inner);
  } else {
    checkChunkBytes(ctx, 'chunk_grid.configuration.chunk_shape', chunkShape, dtype);
  }
  const spec: ZarrSourceSpec = {
    kind: 'zarr', path: isRemote(dir) ? dir : path.resolve(dir), shape, dtype, chunkShape, keyEncoding, fillValue: fill!.hex, codecs,
  };
  return {
    spec, shape, dtype,
    chunks: inner,
    shards: shard ? chunkShape : null,
    zarrFormat: 3,
    codecs: Codecs.fromV3Chain(codecs),
    fillValue: fill!.value,
    attributes: attributes as Record<string, unknown>,
    dimensionNames,
  };
}

function parseKeyEncoding(ctx: MetadataContext, raw: unknown): KeyEncodingSpec {
  if (!isObject(raw) || typeof raw.name !== 'string') return ctx.invalid('chunk_key_encoding', 'must be an object with a "name"');
  if (raw.name !== 'default' && raw.name !== 'v2') ctx.unsupported('chunk_key_encoding.name', `${JSON.stringify(raw.name)} is not supported (only "default" and "v2")`);
  const cfg = isObject(raw.configuration) ? raw.configuration : {};
  const separator = cfg.separator ?? (raw.name === 'default' ? '/' : '.');
  if (separator !== '/' && separator !== '.') ctx.invalid('chunk_key_encoding.configuration.separator', `must be "/" or ".", got ${JSON.stringify(separator)}`);
  return { kind: raw.name, separator };
}

/**
 * The zarr.json io.write writes. Sharded: one sharding_indexed codec whose
 * inner chain is the compression and whose index is bytes + crc32c at the end
 * (what zarr-python and TensorStore write by default).
 */
export function v3ArrayMetadata(args: {
  shape: number[]; chunks: number[]; shards: number[] | null; dtype: DType; codecs: Codecs; fill: JsonValue;
  dimensionNames: Array<string | null> | null; attributes: Record<string, unknown>; endian?: 'little' | 'big';
}): Record<string, unknown> {
  const inner = args.codecs.toV3Chain(args.dtype, args.endian ?? 'little');
  const chain: CodecSpec[] = args.shards
    ? [{
      name: 'sharding_indexed',
      configuration: {
        chunk_shape: args.chunks,
        codecs: inner,
        index_codecs: [{ name: 'bytes', configuration: { endian: 'little' } }, { name: 'crc32c' }],
        index_location: 'end',
      },
    }]
    : inner;
  const meta: Record<string, unknown> = {
    zarr_format: 3,
    node_type: 'array',
    shape: args.shape,
    data_type: args.dtype,
    chunk_grid: { name: 'regular', configuration: { chunk_shape: args.shards ?? args.chunks } },
    chunk_key_encoding: { name: 'default', configuration: { separator: '/' } },
    fill_value: args.fill,
    codecs: chain,
    attributes: args.attributes,
  };
  if (args.dimensionNames) meta.dimension_names = args.dimensionNames;
  return meta;
}
