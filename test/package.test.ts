/**
 * The package as a user gets it: `npm pack`, install the tarball into a
 * scratch project, then load it with require() and with import, run a small
 * round trip through each, and run its dyna-zarr bin.
 * The tarball carries the compiled JavaScript, the .d.ts files and the
 * prebuilt addon (prebuilds/<platform>-<arch>/), plus the C++ sources; its
 * file list, the offline install and the source build: package-install.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { installOffline, pack } from './helpers/pack-install';
import { makeTempDir, removeTempDir } from './helpers/tmp';

let dir: string;

beforeAll(() => {
  dir = makeTempDir('dz-pack-');
  installOffline(pack(dir).tarball, path.join(dir, 'app'));
}, 180000);

afterAll(() => removeTempDir(dir));

const SCRIPT = (load: string) => `
${load}
const data = new Int16Array(24).map((_, i) => i * 3 - 30);
const out = require('node:path').join(process.cwd(), 'out-' + Math.random().toString(36).slice(2) + '.zarr');
(async () => {
  await dz.io.write(dz.fromArray(data, [2, 3, 4]), out, { chunks: [1, 3, 2], compressor: new dz.Codecs({ compressor: 'zstd' }) });
  const back = await (await dz.io.read(out)).abs().compute();
  const ok = back.dtype === 'int16' && back.data.every((v, i) => v === Math.abs(data[i]));
  console.log(ok && typeof dz.isDynaZarrError === 'function' ? 'ok' : 'mismatch');
})();
`;

test('require() from an installed tarball', () => {
  const r = spawnSync(process.execPath, ['-e', SCRIPT("const dz = require('dyna_zarr');")], { cwd: path.join(dir, 'app'), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout.trim()).toBe('ok');
});

test('import from an installed tarball', () => {
  const file = path.join(dir, 'app', 'main.mjs');
  fs.writeFileSync(file, SCRIPT("import * as dz from 'dyna_zarr'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"));
  const r = spawnSync(process.execPath, [file], { cwd: path.join(dir, 'app'), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout.trim()).toBe('ok');
});

test('the dyna-zarr bin is installed', () => {
  const r = spawnSync(path.join(dir, 'app', 'node_modules', '.bin', 'dyna-zarr'), ['--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/convert/);
});
