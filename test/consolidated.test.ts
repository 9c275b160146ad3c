/**
 * Consolidated metadata (v2 .zmetadata, v3 consolidated_metadata in the
 * group's zarr.json), as zarr-python 3's zarr.consolidate_metadata writes
 * it: an array opened through its group comes from the consolidated entry,
 * not from the array's own metadata file. test/oracle/consolidated.py
 * removes the own files of b and sub/c after consolidating and changes d's,
 * and reports what zarr-python reads through the group.
 */
import fs from 'node:fs';
import path from 'node:path';
import { io, isDynaZarrError } from '../lib/index';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface Expected {
  path: string;
  b: { values: number[]; attributes: Record<string, unknown> };
  c: { values: number[]; shape: number[] };
  d: { values: number[]; attributes: Record<string, unknown> };
  late: number[];
  members: string[];
}

let dir: string;
let groups: Record<'v2' | 'v3', Expected>;

beforeAll(async () => {
  dir = makeTempDir('consolidated');
  groups = JSON.parse(await runPython('consolidated.py', ['make', dir]));
}, 120_000);
afterAll(() => removeTempDir(dir));

const values = async (p: string, options?: { array?: string }): Promise<number[]> => {
  const a = await io.read(p, options);
  return Array.from((await a.compute()).data as ArrayLike<number>);
};

describe.each(['v2', 'v3'] as const)('%s consolidated metadata', (fmt) => {
  test('an array whose own metadata file is gone opens through its group', async () => {
    const g = groups[fmt];
    const b = await io.read(g.path, { array: 'b' });
    expect(b.attributes).toEqual(g.b.attributes);
    expect(Array.from((await b.compute()).data as Int16Array)).toEqual(g.b.values);
    const c = await io.read(g.path, { array: 'sub/c' });
    expect(c.shape).toEqual(g.c.shape);
    expect(Array.from((await c.compute()).data as Float32Array)).toEqual(g.c.values);
  });

  test('the default array (first by name) is found from the consolidated entries', async () => {
    expect(groups[fmt].members).toEqual(['b', 'd', 'sub', 'sub/c']);
    expect(await values(groups[fmt].path)).toEqual(groups[fmt].b.values);
  });

  test('a sub-group resolves to its array from the root\'s consolidated entries', async () => {
    expect(await values(groups[fmt].path, { array: 'sub' })).toEqual(groups[fmt].c.values);
  });

  test('the consolidated entry wins over the array\'s own, changed file (as in zarr-python)', async () => {
    const d = await io.read(groups[fmt].path, { array: 'd' });
    expect(d.attributes).toEqual(groups[fmt].d.attributes);
    expect(d.fillValue).toBe(9);
    expect(Array.from((await d.compute()).data as Uint8Array)).toEqual(groups[fmt].d.values);
  });

  test('a member added after consolidation is still found from its own files', async () => {
    expect(await values(groups[fmt].path, { array: 'late' })).toEqual(groups[fmt].late);
  });

  test('opened directly, not through the group, an array reads its own file', async () => {
    const d = await io.read(path.join(groups[fmt].path, 'd'));
    expect(d.attributes).toEqual({ role: 'own file' });
    // b's own file is gone: outside its group there is no metadata for it.
    await expect(io.read(path.join(groups[fmt].path, 'b'))).rejects.toMatchObject({ code: 'ERR_ZARR_NOT_FOUND' });
  });
});

describe('malformed consolidated metadata is refused, naming the file', () => {
  function group(name: string, files: Record<string, unknown>): string {
    const target = path.join(dir, name);
    fs.mkdirSync(target);
    for (const [f, v] of Object.entries(files)) fs.writeFileSync(path.join(target, f), typeof v === 'string' ? v : JSON.stringify(v));
    return target;
  }
  async function expectInvalid(target: string, file: string, key: RegExp): Promise<void> {
    let caught: unknown;
    try {
      await io.read(target);
    } catch (err) {
      caught = err;
    }
    expect(isDynaZarrError(caught, 'ERR_ZARR_INVALID_METADATA')).toBe(true);
    expect((caught as Error).message).toContain(path.join(target, file));
    expect((caught as Error).message).toMatch(key);
  }

  test('v3: metadata that is not an object', async () => {
    const target = group('bad3', { 'zarr.json': { zarr_format: 3, node_type: 'group', consolidated_metadata: { kind: 'inline', metadata: 5 } } });
    await expectInvalid(target, 'zarr.json', /consolidated_metadata\.metadata/);
  });

  test('v3: a member key that leaves the group', async () => {
    const target = group('escape3', {
      'zarr.json': { zarr_format: 3, node_type: 'group', consolidated_metadata: { kind: 'inline', metadata: { '../x': { zarr_format: 3, node_type: 'group' } } } },
    });
    await expectInvalid(target, 'zarr.json', /\.\.\/x/);
  });

  test('v2: a .zmetadata that is not JSON', async () => {
    const target = group('bad2', { '.zgroup': { zarr_format: 2 }, '.zmetadata': '{"metadata": ' });
    await expectInvalid(target, '.zmetadata', /JSON/);
  });
});
