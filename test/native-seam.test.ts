/**
 * The engine seam: lib/job/native.ts declares the addon's whole interface; the
 * built addon registers exactly those functions (binding/napi/addon.cpp), and
 * a module that lacks one is refused with ERR_ZARR_INTERNAL naming its file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { addonPath } from './helpers/child-lib';
import { makeTempDir, removeTempDir } from './helpers/tmp';

test('the built addon exports exactly the functions lib/job/native.ts declares', () => {
  const { NATIVE_FUNCTIONS } = jest.requireActual<typeof import('../lib/job/native')>('../lib/job/native');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the raw module, past lib/job/native.ts
  const raw = require(addonPath()) as Record<string, unknown>;
  expect(Object.keys(raw).sort()).toEqual([...NATIVE_FUNCTIONS].sort());
  for (const name of NATIVE_FUNCTIONS) expect(typeof raw[name]).toBe('function');
});

test('an addon lacking a declared function is refused, naming the file and the function', () => {
  const dir = makeTempDir('native-seam');
  const fake = path.join(dir, 'old-addon.js');
  fs.writeFileSync(fake, 'module.exports = { run() {}, counters() {}, defaultThreads() {} };\n');
  const saved = process.env.DYNA_ZARR_ADDON;
  process.env.DYNA_ZARR_ADDON = fake;
  try {
    jest.isolateModules(() => {
      const { native } = jest.requireActual<typeof import('../lib/job/native')>('../lib/job/native');
      let caught: unknown;
      try {
        native();
      } catch (err) {
        caught = err;
      }
      expect(caught).toMatchObject({ code: 'ERR_ZARR_INTERNAL' });
      expect((caught as Error).message).toContain(fake);
      expect((caught as Error).message).toContain('tiffInspect');
    });
  } finally {
    if (saved === undefined) delete process.env.DYNA_ZARR_ADDON;
    else process.env.DYNA_ZARR_ADDON = saved;
    removeTempDir(dir);
  }
});
