/** io.read(path, options?) → a lazy DynamicArray. Nothing but metadata is read here. */
import { captureCallerStack, toDynaZarrError } from '../errors';
import { DynamicArray } from '../dynamic-array';
import { openSource, type ReadOptions } from './open-source';

export type { ReadOptions } from './open-source';

export async function read(input: string | URL, options?: ReadOptions): Promise<DynamicArray> {
  const callerStack = captureCallerStack();
  try {
    return DynamicArray.fromSource(await openSource(input, options));
  } catch (err) {
    throw toDynaZarrError(err, callerStack);
  }
}
