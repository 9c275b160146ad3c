/**
 * The C++ unit tests of binding/core (binding/core/tests/*_test.cpp, doctest),
 * built as dz_core_tests by `npm run build` (CMake option DZ_BUILD_TESTS),
 * run here so that `npm test` runs them. A failure shows doctest's report.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const BUILD_DIR = process.env.DZ_BUILD_DIR ?? path.resolve(__dirname, '..', 'build');
const BINARY = path.join(BUILD_DIR, 'dz_core_tests');

test('dz_core_tests passes', () => {
  if (!fs.existsSync(BINARY)) {
    throw new Error(`${BINARY} is missing: run npm run build (it builds the C++ unit tests unless DZ_BUILD_TESTS=0)`);
  }
  const run = spawnSync(BINARY, ['--no-colors=true'], { encoding: 'utf8', timeout: 110000 });
  if (run.status !== 0) {
    throw new Error(`dz_core_tests exited with ${run.status ?? run.signal}:\n${run.stdout}\n${run.stderr}`);
  }
  // doctest's summary: every case passed and none was skipped or filtered out.
  expect(run.stdout).toMatch(/test cases:\s+(\d+) \|\s+\1 passed \| 0 failed \| 0 skipped/);
}, 120000);
