/**
 * Partitions of a cluster write: consecutive runs of the write's region grid
 * (splitRegions), run by the engine through the spec's regionRange: a job
 * with a range touches exactly the regions in it.
 */
import { fromArray } from '../lib/index';
import type { JobSpec } from '../lib/job/job-spec';
import { runJob } from '../lib/job/run-job';
import { toJob } from '../lib/job/to-job';
import { splitRegions } from '../lib/cluster/partition';
import { parseConnection } from '../lib/cluster/connection';

test('splitRegions covers [0, count) once, in order, with sizes differing by at most one', () => {
  for (const [count, parts] of [[16, 8], [17, 5], [3, 8], [1, 1], [100, 7]]) {
    const ranges = splitRegions(count, parts);
    expect(ranges.length).toBe(Math.min(count, parts));
    expect(ranges[0][0]).toBe(0);
    expect(ranges[ranges.length - 1][1]).toBe(count);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1]);
    const sizes = ranges.map(([a, b]) => b - a);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
  }
  expect(splitRegions(0, 4)).toEqual([]);
});

test('a job with regionRange evaluates exactly those regions of its grid (C order)', async () => {
  // 6 × 4 int32 in regions of [2, 2]: a 3 × 2 grid; regions 1..3 are rows 0-1 cols 2-3, rows 2-3 cols 0-1 and cols 2-3.
  const values = Int32Array.from({ length: 24 }, (_, i) => i + 1);
  const { spec, buffers } = toJob(fromArray(values, [6, 4]), { kind: 'compute' }, [2, 2], 1);
  const out = new Int32Array(24);
  const result = await runJob({ ...spec, regionRange: [1, 4] }, buffers, out);
  expect(result.regions).toBe(3);
  const expected = Array.from(values, (v, i) => {
    const [r, c] = [Math.floor(i / 4), i % 4];
    const region = Math.floor(r / 2) * 2 + Math.floor(c / 2);
    return region >= 1 && region < 4 ? v : 0;
  });
  expect(Array.from(out)).toEqual(expected);
});

test.each([[[2, 1]], [[0, 7]], [[-1, 2]], [[0]]])('regionRange %j outside the grid is refused', async (range) => {
  const { spec, buffers } = toJob(fromArray(new Int32Array(24), [6, 4]), { kind: 'compute' }, [2, 2], 1);
  await expect(runJob({ ...spec, regionRange: range } as unknown as JobSpec, buffers, new Int32Array(24)))
    .rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringContaining('regionRange') });
});

test.each([
  ['rediss://user:s3cr3t@host:6379', 'is not a redis://HOST:PORT URL'],
  ['redis://user:s3cr3t@host:6379/zero', 'must be a number'],
])('a refused connection URL %s is named without its password', (connection, reason) => {
  let error: unknown;
  try {
    parseConnection(connection, 'cluster.submitWrite');
  } catch (err) {
    error = err;
  }
  expect(error).toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringContaining(reason) });
  expect((error as Error).message).toContain('host:6379');
  expect((error as Error).message).not.toContain('s3cr3t');
});
