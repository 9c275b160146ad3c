/** What a directory holds: a Zarr array (v2 or v3), a group, or nothing Zarr. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { DynaZarrError, invalidArgument } from '../errors';
import { MetadataContext, isObject } from '../metadata/context';
import { parseMetadataObject } from '../metadata/document';
import { parseV2Array, parseV2ArrayObject } from '../metadata/v2';
import { parseV3Array } from '../metadata/v3';
import type { SourceInfo } from '../source-info';
import { Consolidated, v2Consolidated, v3Consolidated } from './consolidated';
import { readMetadataText } from './metadata-file';
import { memberSegments } from './paths';
import { isRemote, joinRemote, remoteList, type StorageOptions } from '../store/remote';

type GroupNode = {
  kind: 'group'; dir: string; format: 2 | 3; attributes: Record<string, unknown>;
  /** A remote group's storageOptions (its members are opened with them). */
  storage?: StorageOptions;
  /** The hierarchy's consolidated metadata seen from this group, when it has some. */
  consolidated: Consolidated | null;
};
export type ZarrNode = { kind: 'array'; dir: string; info: SourceInfo } | GroupNode;

function checkFormat(ctx: MetadataContext, meta: Record<string, unknown>, format: 2 | 3): void {
  if (meta.zarr_format !== format) ctx.invalid('zarr_format', `must be ${format}, got ${JSON.stringify(meta.zarr_format)}`);
}

/** A v3 group's attributes. */
function groupAttributes(ctx: MetadataContext, meta: Record<string, unknown>, format: 3): Record<string, unknown> {
  checkFormat(ctx, meta, format);
  const attributes = meta.attributes ?? {};
  if (!isObject(attributes)) ctx.invalid('attributes', 'must be an object');
  return attributes as Record<string, unknown>;
}

/** dir + segments: '/'-joined for a URL, path.join for a local folder. */
export function joinLocation(dir: string, ...segments: string[]): string {
  return isRemote(dir) ? joinRemote(dir, ...segments) : path.join(dir, ...segments);
}

/** A remote array's spec carries its storageOptions to the engine's store. */
function located(info: SourceInfo, dir: string, storage: StorageOptions | undefined): SourceInfo {
  if (!isRemote(dir)) return info;
  return { ...info, spec: { ...info.spec, storageOptions: storage ?? {} } as SourceInfo['spec'] };
}

/** The node at `dir`, or null when it has no Zarr metadata. zarr.json wins over v2 files, as in zarr-python 3. */
export async function openZarrNode(dir: string, signal?: AbortSignal, storage?: StorageOptions): Promise<ZarrNode | null> {
  const read = (name: string): Promise<string | null> => readMetadataText(joinLocation(dir, name), signal, storage);
  const file = joinLocation(dir, 'zarr.json');
  const zarrJson = await read('zarr.json');
  if (zarrJson !== null) {
    const meta = parseMetadataObject(file, zarrJson);
    if (meta.node_type === 'array') return { kind: 'array', dir, info: located(parseV3Array(dir, meta), dir, storage) };
    if (meta.node_type === 'group') {
      const attributes = groupAttributes(new MetadataContext(file), meta, 3);
      return { kind: 'group', dir, format: 3, attributes, consolidated: v3Consolidated(file, meta), storage };
    }
    return new MetadataContext(file).invalid('node_type', `must be "array" or "group", got ${JSON.stringify(meta.node_type)}`);
  }
  const zattrs = await read('.zattrs');
  const zarray = await read('.zarray');
  if (zarray !== null) return { kind: 'array', dir, info: located(parseV2Array(dir, zarray, zattrs), dir, storage) };
  const zgroup = await read('.zgroup');
  if (zgroup !== null) {
    const groupFile = joinLocation(dir, '.zgroup');
    checkFormat(new MetadataContext(groupFile), parseMetadataObject(groupFile, zgroup), 2);
    const attributes = zattrs === null ? {} : parseMetadataObject(joinLocation(dir, '.zattrs'), zattrs);
    const zmetaFile = joinLocation(dir, '.zmetadata');
    const zmetadata = await read('.zmetadata');
    const consolidated = zmetadata === null ? null : v2Consolidated(zmetaFile, parseMetadataObject(zmetaFile, zmetadata));
    return { kind: 'group', dir, format: 2, attributes, consolidated, storage };
  }
  return null;
}

/** The member `rel` of a group from its consolidated entry, or null when there is none. */
function consolidatedMember(group: GroupNode, rel: string): ZarrNode | null {
  const c = group.consolidated;
  const entry = c?.entry(rel);
  if (!c || !entry) return null;
  const dir = joinLocation(group.dir, ...rel.split('/'));
  const label = c.label(rel);
  const ctx = new MetadataContext(label);
  if (entry.format === 3) {
    const { meta } = entry;
    if (meta.node_type === 'array') return { kind: 'array', dir, info: located(parseV3Array(dir, meta, label), dir, group.storage) };
    if (meta.node_type === 'group') return { kind: 'group', dir, format: 3, attributes: groupAttributes(ctx, meta, 3), consolidated: c.within(rel), storage: group.storage };
    return ctx.invalid('node_type', `must be "array" or "group", got ${JSON.stringify(meta.node_type)}`);
  }
  const attributes = entry.zattrs ?? {};
  if (entry.zarray) return { kind: 'array', dir, info: located(parseV2ArrayObject(dir, entry.zarray, attributes, label), dir, group.storage) };
  if (entry.zgroup) {
    checkFormat(ctx, entry.zgroup, 2);
    return { kind: 'group', dir, format: 2, attributes, consolidated: c.within(rel), storage: group.storage };
  }
  return null;
}

/**
 * The member at `segments` of a group: its consolidated entry when the group
 * has one (as zarr-python reads it), else its own metadata files (a member
 * added after consolidation is still found).
 */
async function openMember(group: GroupNode, segments: string[]): Promise<ZarrNode | null> {
  if (segments.length === 0) return group;
  return consolidatedMember(group, segments.join('/')) ?? openZarrNode(joinLocation(group.dir, ...segments), undefined, group.storage);
}

/** OME-Zarr (0.4 in attributes.multiscales, 0.5 in attributes.ome.multiscales): the datasets' paths, level 0 first. */
export function omeLevelPaths(attributes: Record<string, unknown>): string[] | null {
  const ome = isObject(attributes.ome) ? attributes.ome : attributes;
  const ms = ome.multiscales;
  if (!Array.isArray(ms) || !isObject(ms[0])) return null;
  const datasets = ms[0].datasets;
  if (!Array.isArray(datasets) || !isObject(datasets[0]) || typeof datasets[0].path !== 'string') return null;
  const paths: string[] = [];
  for (const d of datasets) {
    if (!isObject(d) || typeof d.path !== 'string') break;
    paths.push(d.path);
  }
  return paths;
}

/** Level 0's path of an OME-Zarr image, or null. */
export function omeLevelZero(attributes: Record<string, unknown>): string | null {
  return omeLevelPaths(attributes)?.[0] ?? null;
}

async function childDirs(dir: string, storage: StorageOptions | undefined): Promise<string[]> {
  if (isRemote(dir)) {
    // The first segments of the keys below: what would be folders on disk.
    const names = new Set<string>();
    for (const key of await remoteList(dir, storage)) if (key.includes('/')) names.add(key.slice(0, key.indexOf('/')));
    return [...names].sort();
  }
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (err) {
    throw new DynaZarrError('ERR_ZARR_IO', `cannot list ${dir}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * First array by sorted name: direct members first, then inside sub-groups
 * (depth first). With consolidated metadata the members are its entries.
 */
async function firstArray(group: GroupNode): Promise<ZarrNode | null> {
  const groups: GroupNode[] = [];
  const names = group.consolidated ? group.consolidated.children() : await childDirs(group.dir, group.storage);
  for (const name of names) {
    const node = await openMember(group, [name]);
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
export async function resolveGroupArray(group: GroupNode, member: string | undefined, level?: number): Promise<ZarrNode & { kind: 'array' }> {
  if (level !== undefined && level > 0) {
    // options.level: a level of an OME-Zarr image (level 0 is the default path below).
    if (member !== undefined) throw invalidArgument('io.read: options.level and options.array cannot be combined');
    const paths = omeLevelPaths(group.attributes);
    if (!paths) throw invalidArgument(`io.read: options.level applies to TIFF files and OME-Zarr images; ${group.dir} has no multiscales`);
    if (level >= paths.length) throw invalidArgument(`io.read: options.level ${level} is out of range: the OME-Zarr image at ${group.dir} has ${paths.length} level(s)`);
    const node = await openMember(group, memberSegments(paths[level], `${group.dir} multiscales[0].datasets[${level}].path`));
    if (node?.kind === 'array') return node;
    throw new DynaZarrError('ERR_ZARR_NOT_FOUND', `${group.dir}: OME-Zarr multiscales[0].datasets[${level}].path ${JSON.stringify(paths[level])} is not an array`);
  }
  if (member !== undefined) {
    const node = await openMember(group, memberSegments(member, 'options.array'));
    if (!node) throw new DynaZarrError('ERR_ZARR_NOT_FOUND', `options.array: no array or group ${JSON.stringify(member)} in the group at ${group.dir}`);
    if (node.kind === 'array') return node;
    return resolveGroupArray(node, undefined);
  }
  const ome = omeLevelZero(group.attributes);
  if (ome !== null) {
    const node = await openMember(group, memberSegments(ome, `${group.dir} multiscales[0].datasets[0].path`));
    if (node?.kind === 'array') return node;
    throw new DynaZarrError('ERR_ZARR_NOT_FOUND', `${group.dir}: OME-Zarr multiscales[0].datasets[0].path ${JSON.stringify(ome)} is not an array`);
  }
  const found = await firstArray(group);
  if (!found || found.kind !== 'array') throw new DynaZarrError('ERR_ZARR_NOT_FOUND', `the group at ${group.dir} holds no array`);
  return found;
}
