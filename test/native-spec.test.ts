/** A malformed job spec is a rejected promise with ERR_ZARR_INTERNAL, never a crash of the process. */
import { native } from '../lib/job/native';

test.each([
  ['not JSON', 'nope'],
  ['missing sources', '{"threads":1}'],
  ['mistyped field', '{"threads":1,"sources":[{"kind":"memory","buffer":"x"}],"nodes":[],"root":0,"regionShape":[],"sink":{"kind":"compute"}}'],
  ['unknown node kind', '{"threads":1,"sources":[],"nodes":[{"kind":"warp","shape":[],"dtype":"uint8"}],"root":0,"regionShape":[],"sink":{"kind":"compute"}}'],
])('%s', async (_name, spec) => {
  await expect(native().run(spec, [], null, null, null)).rejects.toMatchObject({ code: 'ERR_ZARR_INTERNAL' });
});
