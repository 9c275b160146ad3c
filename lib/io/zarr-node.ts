/** What a directory holds: a Zarr array (v2 or v3), a group, or nothing Zarr. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { DynaZarrError } from '../errors';
import { MetadataContext, isObject } from '../metadata/context';
import { parseMetadataObject, parseV2Array } from '../metadata/v2';
import { parseV3Array } from '../metadata/v3';
import type { SourceInfo } from '../source-info';
import { readMetadataText } from './metadata-file';
import { memberSegments } from './paths';

export type ZarrNode =
  | { kind: 'array'; dir: string; info: SourceInfo }
  | { kind: 'group'; dir: string; format: 2 | 3; attributes: Record<string, unknown> };

/** The node at `dir`, or null when it has no Zarr metadata. zarr.json wins over v2 files, as in zarr-python 3. */
export async function openZarrNode(dir: string): Promise<ZarrNode | null> {
  const zarrJson = await readMetadataText(path.join(dir, 'zarr.json'));
  if (zarrJson !== null) {
    const file = path.join(dir, 'zarr.json');
    const meta = parseMetadataObject(file, zarrJson);
    if (meta.node_type === 'array') return { kind: 'array', dir, info: parseV3Array(dir, meta) };
    if (meta.node_type === 'group') {
      const ctx = new MetadataContext(file);
      if (meta.zarr_format !== 3) ctx.invalid('zarr_format', `must be 3, got ${JSON.stringify(meta.zarr_format)}`);
      const attributes = meta.attributes ?? {};
      if (!isObject(attributes)) ctx.invalid('attributes', 'must be an object');
      return { kind: 'group', dir, format: 3, attributes: attributes as Record<string, unknown> };
    }
    return new MetadataContext(file).invalid('node_type', `must be "array" or "group", got ${JSON.stringify(meta.node_type)}`);
  }
  const zattrs = await readMetadataText(path.join(dir, '.zattrs'));
  const zarray = await readMetadataText(path.join(dir, '.zarray'));
  if (zarray !== null) return { kind: 'array', dir, info: parseV2Array(dir, zarray, zattrs) };
  const zgroup = await readMetadataText(path.join(dir, '.zgroup'));
  if (zgroup !== null) {
    const file = path.join(dir, '.zgroup');
    const meta = parseMetadataObject(file, zgroup);
    if (meta.zarr_format !== 2) new MetadataContext(file).invalid('zarr_format', `must be 2, got ${JSON.stringify(meta.zarr_format)}`);
    const attributes = zattrs === null ? {} : parseMetadataObject(path.join(dir, '.zattrs'), zattrs);
    return { kind: 'group', dir, format: 2, attributes };
  }
  return null;
}

/** OME-Zarr (0.4 in attributes.multiscales, 0.5 in attributes.ome.multiscales): level 0's path. */
export function omeLevelZero(attributes: Record<string, unknown>): string | null {
  const ome = isObject(attributes.ome) ? attributes.ome : attributes;
  const ms = ome.multiscales;
  if (!Array.isArray(ms) || !isObject(ms[0])) return null;
  const datasets = ms[0].datasets;
  if (!Array.isArray(datasets) || !isObject(datasets[0]) || typeof datasets[0].path !== 'string') return null;
  return datasets[0].path;
}

async function childDirs(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (err) {
    throw new DynaZarrError('ERR_ZARR_IO', `cannot list ${dir}: ${(err as Error).message}`, { cause: err });
  }
}

/** First array by sorted name: direct members first, then inside sub-groups (depth first). */
async function firstArray(group: ZarrNode & { kind: 'group' }): Promise<ZarrNode | null> {
  const groups: Array<ZarrNode & { kind: 'group' }> = [];
  for (const name of await childDirs(group.dir)) {
    const node = await openZarrNode(path.join(group.dir, name));
    if (node?.kind === 'array') return node;
    if (node?.kind === 'group') groups.push(node);
  }
  for (const g of groups) {
    const found = await firstArray(g);
    if (found) return found;
  }
  return null;
}

/**
 * Resolves a group to one of its arrays: `member` when given, else OME-Zarr
 * level 0, else the first array by sorted name. A member that is itself a
 * group is resolved the same way.
 */
export async function resolveGroupArray(group: ZarrNode & { kind: 'group' }, member: string | undefined): Promise<ZarrNode & { kind: 'array' }> {
  if (member !== undefined) {
    const segments = memberSegments(member, 'options.array');
    const dir = path.join(group.dir, ...segments);
    const node = await openZarrNode(dir);
    if (!node) throw new DynaZarrError('ERR_ZARR_NOT_FOUND', `options.array: no array or group ${JSON.stringify(member)} in the group at ${group.dir}`);
    if (node.kind === 'array') return node;
    return resolveGroupArray(node, undefined);
  }
  const ome = omeLevelZero(group.attributes);
  if (ome !== null) {
    const node = await openZarrNode(path.join(group.dir, ...memberSegments(ome, `${group.dir} multiscales[0].datasets[0].path`)));
    if (node?.kind === 'array') return node;
    throw new DynaZarrError('ERR_ZARR_NOT_FOUND', `${group.dir}: OME-Zarr multiscales[0].datasets[0].path ${JSON.stringify(ome)} is not an array`);
  }
  const found = await firstArray(group);
  if (!found || found.kind !== 'array') throw new DynaZarrError('ERR_ZARR_NOT_FOUND', `the group at ${group.dir} holds no array`);
  return found;
}
