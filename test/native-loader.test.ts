/**
 * The addon loader (lib/job/native.ts): the prebuild for this platform first,
 * then build/Release; a prebuild that exists but does not load (say, built
 * against a newer C library) falls through to the source build; when nothing
 * loads, one error names every file tried and why.
 */
import fs from 'node:fs';
import path from 'node:path';
import { addonPath } from './helpers/child-lib';
import { makeTempDir, removeTempDir } from './helpers/tmp';
import { addonCandidates, loadAddon } from '../lib/job/native';

const PLATFORM = `${process.platform}-${process.arch}`;
let root: string;
let prebuild: string;
let built: string;

beforeEach(() => {
  root = makeTempDir('native-loader');
  [prebuild, built] = addonCandidates(root);
  fs.mkdirSync(path.dirname(prebuild), { recursive: true });
  fs.mkdirSync(path.dirname(built), { recursive: true });
});
afterEach(() => removeTempDir(root));

const loadedFiles = (): string[] => Object.keys(require.cache).filter((f) => f.startsWith(root));

test('candidates: prebuilds/<platform>-<arch>/ first, then build/Release/', () => {
  expect(addonCandidates('/pkg')).toEqual([`/pkg/prebuilds/${PLATFORM}/dyna_zarr.node`, '/pkg/build/Release/dyna_zarr.node']);
});

test('a prebuild that loads is used before build/Release', () => {
  fs.copyFileSync(addonPath(), prebuild);
  fs.copyFileSync(addonPath(), built);
  const addon = loadAddon([prebuild, built]);
  expect(addon.codecNames().bytesToBytes).toContain('blosc');
  expect(loadedFiles()).toEqual([prebuild]);
});

test('a prebuild that does not load falls through to build/Release', () => {
  fs.writeFileSync(prebuild, 'not an ELF file');
  fs.copyFileSync(addonPath(), built);
  const addon = loadAddon([prebuild, built]);
  expect(addon.codecNames().bytesToBytes).toContain('zstd');
  expect(loadedFiles()).toEqual([built]);
});

test('nothing loads: one DynaZarrError naming each file and why', () => {
  fs.writeFileSync(prebuild, 'not an ELF file');
  let caught: unknown;
  try {
    loadAddon([prebuild, built]);
  } catch (err) {
    caught = err;
  }
  expect(caught).toMatchObject({ name: 'DynaZarrError', code: 'ERR_ZARR_INTERNAL' });
  const message = (caught as Error).message;
  expect(message).toContain(`${prebuild}: `);
  expect(message).toMatch(/invalid ELF header|file too short/);
  expect(message).toContain(`${built}: not found`);
  expect(message).toContain(PLATFORM);
  expect(message).toContain('npm rebuild dyna_zarr');
});
