/** The public surface as a user's TypeScript sees it: tsc over test/types/public-api.ts. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

test('the public types match the contract', () => {
  // The built declarations (dist/cjs/index.d.ts), resolved as 'dyna_zarr' like a user's import.
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'test', 'types', 'tsconfig.json')], {
    cwd: ROOT, encoding: 'utf8',
  });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
});
