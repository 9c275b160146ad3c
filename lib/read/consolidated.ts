/**
 * Consolidated metadata of a group, as zarr-python 3's
 * zarr.consolidate_metadata writes it: every descendant's metadata in one
 * place, keyed by its path inside the group.
 *   v2: `.zmetadata` = { zarr_consolidated_format: 1, metadata: { "b/.zarray": {…}, "b/.zattrs": {…}, "sub/.zgroup": {…} } }
 *   v3: the group's zarr.json has consolidated_metadata = { kind: "inline", metadata: { "b": {…}, "sub/c": {…} } }
 * Members opened through the group use these entries instead of their own
 * metadata files, as zarr-python does.
 */
import { isObject, MetadataContext } from '../metadata/context';

/** One member's metadata objects: v3 zarr.json, or the v2 files present. */
export type ConsolidatedEntry =
  | { format: 3; meta: Record<string, unknown> }
  | { format: 2; zarray?: Record<string, unknown>; zattrs?: Record<string, unknown>; zgroup?: Record<string, unknown> };

/** The entries of one hierarchy, seen from the group at `prefix` inside it. */
export class Consolidated {
  constructor(
    /** The file the entries come from (for error messages). */
    readonly file: string,
    private readonly entries: ReadonlyMap<string, ConsolidatedEntry>,
    private readonly prefix = '',
  ) {}

  private full(rel: string): string {
    return this.prefix === '' ? rel : `${this.prefix}/${rel}`;
  }

  /** The member at `rel` (segments joined by '/') of this group, or undefined. */
  entry(rel: string): ConsolidatedEntry | undefined {
    return this.entries.get(this.full(rel));
  }

  /** Where a member's metadata comes from, for error messages. */
  label(rel: string): string {
    return `${this.file} (consolidated entry ${JSON.stringify(this.full(rel))})`;
  }

  /** The same entries seen from the sub-group at `rel`. */
  within(rel: string): Consolidated {
    return new Consolidated(this.file, this.entries, this.full(rel));
  }

  /** Names of this group's direct members, sorted. */
  children(): string[] {
    const start = this.prefix === '' ? '' : `${this.prefix}/`;
    const names = new Set<string>();
    for (const key of this.entries.keys()) {
      if (key.startsWith(start) && !key.slice(start.length).includes('/')) names.add(key.slice(start.length));
    }
    return [...names].sort();
  }
}

/** A member key must stay inside the group: plain segments only. */
function checkKey(ctx: MetadataContext, where: string, key: string): void {
  const bad = key.split('/').some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'));
  if (bad) ctx.invalid(where, `has the member path ${JSON.stringify(key)}, which is not a path inside the group`);
}

/** The consolidated_metadata of a v3 group's zarr.json (`file`), or null when it has none. */
export function v3Consolidated(file: string, group: Record<string, unknown>): Consolidated | null {
  const raw = group.consolidated_metadata;
  if (raw === undefined || raw === null) return null;
  const ctx = new MetadataContext(file);
  if (!isObject(raw)) return ctx.invalid('consolidated_metadata', 'must be an object or null');
  if (raw.kind !== 'inline') ctx.unsupported('consolidated_metadata.kind', `${JSON.stringify(raw.kind)} is not supported (only "inline")`);
  const metadata = raw.metadata;
  if (!isObject(metadata)) return ctx.invalid('consolidated_metadata.metadata', 'must be an object');
  const entries = new Map<string, ConsolidatedEntry>();
  for (const [key, meta] of Object.entries(metadata)) {
    checkKey(ctx, 'consolidated_metadata.metadata', key);
    if (!isObject(meta)) return ctx.invalid(`consolidated_metadata.metadata[${JSON.stringify(key)}]`, 'must be an object');
    entries.set(key, { format: 3, meta });
  }
  return new Consolidated(file, entries);
}

const V2_FILES = { '.zarray': 'zarray', '.zattrs': 'zattrs', '.zgroup': 'zgroup' } as const;

/** A v2 group's parsed .zmetadata (`file`). */
export function v2Consolidated(file: string, doc: Record<string, unknown>): Consolidated {
  const ctx = new MetadataContext(file);
  if (doc.zarr_consolidated_format !== 1) {
    ctx.unsupported('zarr_consolidated_format', `${JSON.stringify(doc.zarr_consolidated_format)} is not supported (only 1)`);
  }
  const metadata = doc.metadata;
  if (!isObject(metadata)) return ctx.invalid('metadata', 'must be an object');
  const entries = new Map<string, ConsolidatedEntry & { format: 2 }>();
  for (const [key, value] of Object.entries(metadata)) {
    const slash = key.lastIndexOf('/');
    const name = key.slice(slash + 1);
    if (!(name in V2_FILES)) continue;  // other keys (e.g. a store's own) are not metadata documents
    const rel = slash < 0 ? '' : key.slice(0, slash);
    if (rel === '') continue;  // the group itself: its own files are read directly
    checkKey(ctx, 'metadata', rel);
    if (!isObject(value)) return ctx.invalid(`metadata[${JSON.stringify(key)}]`, 'must be an object');
    const entry = entries.get(rel) ?? { format: 2 };
    entry[V2_FILES[name as keyof typeof V2_FILES]] = value;
    entries.set(rel, entry);
  }
  return new Consolidated(file, entries);
}
