/** The code and message of the DynaZarrError a promise rejects with; anything else (or success) fails the test. */
import { isDynaZarrError } from '../../lib';

export async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (!isDynaZarrError(err)) throw err;
    return { code: err.code, message: err.message };
  }
  throw new Error('expected a failure');
}
