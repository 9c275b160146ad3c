/**
 * Install anywhere (issue 15): the packed tarball ships only what users need;
 * `npm install --offline` of it loads the prebuilt addon with LD_LIBRARY_PATH
 * empty, and that addon links no codec or TIFF library (they are inside it);
 * without a usable prebuild the install builds from source, or says in one
 * message which packages to install. Arrays written by zarr-python 3 and
 * tifffile (test/oracle/package_fixtures.py), one per linked codec, are read
 * back through each installed addon and compared with what those libraries
 * read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { installOffline, NPM, pack, ROOT } from './helpers/pack-install';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const PLATFORM = `${process.platform}-${process.arch}`;
/** The C runtime, and libcurl (dynamic on purpose: every distribution ships it). */
const RUNTIME = /^(linux-vdso|libc|libm|libpthread|libdl|librt|ld-linux[-\w]*|libcurl)\.so/;
/** What the addon links statically, libstdc++ and libgcc included. */
const STATIC = /blosc|zstd|lz4|libz\.|bz2|tiff|jpeg|webp|sharpyuv|lzma|jbig|Lerc|deflate|snappy|stdc\+\+|gcc_s/;

type Arrays = Record<string, { dtype: string; shape: number[]; values: number[] }>;
let dir: string;
let app: string;
let files: string[];
let installLog: string;
let fixtures: string;
let oracle: Arrays;

beforeAll(async () => {
  dir = makeTempDir('package-install');
  app = path.join(dir, 'app');
  fixtures = path.join(dir, 'fixtures');
  fs.mkdirSync(fixtures);
  const packed = pack(dir);
  files = packed.files;
  installLog = installOffline(packed.tarball, app);
  oracle = JSON.parse(await runPython('package_fixtures.py', [fixtures])) as Arrays;
}, 180000);

afterAll(() => removeTempDir(dir));

const installed = (...parts: string[]): string => path.join(app, 'node_modules', 'dyna_zarr', ...parts);

/** Every fixture as the installed package reads it, in a fresh Node with LD_LIBRARY_PATH empty. */
function readWithInstalled(): Arrays {
  const script = `
    const dz = require('dyna_zarr');
    const fs = require('node:fs');
    (async () => {
      const out = {};
      for (const name of fs.readdirSync(${JSON.stringify(fixtures)}).sort()) {
        const a = await (await dz.io.read(require('node:path').join(${JSON.stringify(fixtures)}, name))).compute();
        out[name] = { dtype: a.dtype, shape: a.shape, values: Array.from(a.data) };
      }
      console.log(JSON.stringify(out));
    })().catch((e) => { console.error(e.code, e.message); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: app, encoding: 'utf8', env: { ...process.env, LD_LIBRARY_PATH: '' } });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Arrays;
}

/** The shared libraries `file` names itself (ELF NEEDED entries). */
function needed(file: string): string[] {
  const dynamic = execFileSync('readelf', ['-d', file], { encoding: 'utf8' });
  return [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
}

/** `ldd file` with LD_LIBRARY_PATH empty: each library's name and resolved path. */
function ldd(file: string): { name: string; resolved: string }[] {
  const out = execFileSync('ldd', [file], { encoding: 'utf8', env: { ...process.env, LD_LIBRARY_PATH: '' } });
  return out.trim().split('\n').map((line) => {
    const m = /^\s*(\S+)(?:\s+=>\s+(\S+))?/.exec(line) as RegExpExecArray;
    return { name: path.basename(m[1]), resolved: m[2] ?? m[1] };
  });
}

/** The CMakeLists.txt sources of the addon and dz_core (not of the C++ unit tests). */
function addonSources(): string[] {
  const cmake = fs.readFileSync(path.join(ROOT, 'CMakeLists.txt'), 'utf8');
  const body = cmake.slice(0, cmake.indexOf('if(DZ_BUILD_TESTS)'));
  return [...new Set([...body.matchAll(/\bbinding\/[\w/]+\.(?:cpp|c)\b/g)].map((m) => m[0]))];
}

test('the tarball holds the build, the prebuild and what the source fallback needs, nothing else', () => {
  const allowed = /^(dist\/(cjs|esm)\/|bin\/dyna-zarr\.js$|prebuilds\/[\w-]+\/dyna_zarr\.node$|binding\/(core|napi|static)\/[\w/]+\.(cpp|c|h|hpp)$|CMakeLists\.txt$|scripts\/(build-native|install)\.js$|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/;
  expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  expect(files.filter((f) => /test|bench|\.venv|node_modules|^build\/|\.tgz$|examples/.test(f))).toEqual([]);
  for (const f of ['dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/esm/index.mjs', `prebuilds/${PLATFORM}/dyna_zarr.node`,
    'CMakeLists.txt', 'scripts/install.js', 'scripts/build-native.js', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    expect(files).toContain(f);
  }
  const sources = addonSources();
  expect(sources.length).toBeGreaterThan(50);
  expect(sources.filter((s) => !files.includes(s))).toEqual([]);
});

test('npm install --offline: the install step keeps the prebuild, which links only the C runtime', () => {
  expect(installLog).not.toMatch(/building the native addon/);
  expect(fs.existsSync(installed('build'))).toBe(false);
  const addon = installed('prebuilds', PLATFORM, 'dyna_zarr.node');
  expect(needed(addon).filter((lib) => !RUNTIME.test(lib))).toEqual([]);
  const libs = ldd(addon);
  expect(libs.filter((l) => l.resolved === 'not')).toEqual([]); // "libx.so => not found"
  // libcurl's own dependencies (which may include zlib or zstd) are not ours.
  const curl = libs.find((l) => l.name.startsWith('libcurl.so'));
  const viaCurl = new Set(curl ? ldd(curl.resolved).map((l) => l.name) : []);
  expect(libs.filter((l) => STATIC.test(l.name) && !viaCurl.has(l.name))).toEqual([]);
});

test('the installed prebuild reads what zarr-python and tifffile wrote, one array per linked codec', () => {
  expect(Object.keys(oracle).length).toBe(13);
  expect(readWithInstalled()).toEqual(oracle);
});

test('no prebuild loads and build tools are missing: one message naming the packages, nothing built', () => {
  const bin = path.join(dir, 'node-only-bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [installed('scripts', 'install.js')], {
    cwd: installed(), encoding: 'utf8', env: { HOME: process.env.HOME, DYNA_ZARR_BUILD_FROM_SOURCE: '1', ...env },
  });
  const noTools = run({ PATH: bin });
  expect(noTools.status).toBe(1);
  expect(noTools.stderr).toContain('cmake (>= 3.20)');
  expect(noTools.stderr).toContain('a C++20 compiler (c++)');
  expect(noTools.stderr).toContain('pkg-config');
  for (const system of ['apt-get install -y build-essential cmake pkg-config libblosc-dev', 'dnf install -y gcc-c++', 'brew install cmake']) {
    expect(noTools.stderr).toContain(system);
  }
  expect(noTools.stderr.match(/building one from source needs/g)).toHaveLength(1);
  // Tools there, libraries not (pkg-config finds no module).
  const noLibraries = run({ PATH: process.env.PATH, PKG_CONFIG_LIBDIR: path.join(dir, 'no-pc-files'), PKG_CONFIG_PATH: '' });
  expect(noLibraries.status).toBe(1);
  expect(noLibraries.stderr).toContain('needs the libraries blosc, libzstd, liblz4, zlib, libtiff-4, libcurl (pkg-config modules).');
  expect(fs.existsSync(installed('build'))).toBe(false);
});

test('DYNA_ZARR_BUILD_FROM_SOURCE=1: npm rebuild builds the addon against the system libraries, and it works', () => {
  // ccache (when installed) with the temp folder as base: rebuilds hit the cache across runs.
  const env = { ...process.env, DYNA_ZARR_BUILD_FROM_SOURCE: '1', CCACHE_BASEDIR: dir };
  if (spawnSync('ccache', ['--version']).status === 0) Object.assign(env, { CMAKE_CXX_COMPILER_LAUNCHER: 'ccache', CMAKE_C_COMPILER_LAUNCHER: 'ccache' });
  const log = execFileSync(NPM, ['rebuild', 'dyna_zarr', '--foreground-scripts'], { cwd: app, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  expect(log).toContain('Linking CXX shared library Release/dyna_zarr.node');
  // The built addon replaces the prebuild; only it is kept of the build folder.
  expect(fs.existsSync(installed('prebuilds', PLATFORM))).toBe(false);
  expect(fs.readdirSync(installed('build'))).toEqual(['Release']);
  // Built for this machine: linked to its shared libtiff, unlike the prebuild.
  expect(needed(installed('build', 'Release', 'dyna_zarr.node'))).toEqual(expect.arrayContaining([expect.stringMatching(/^libtiff\.so/)]));
  expect(readWithInstalled()).toEqual(oracle);
}, 420000);
