/** Helpers for a metadata file's JSON document, shared by the v2 and v3 readers and writers. */
import { isObject, MetadataContext } from './context';
import { parseJson, JsonSyntaxError, type JsonValue } from './json-text';

/** Parses metadata text into an object, or raises ERR_ZARR_INVALID_METADATA naming the file. */
export function parseMetadataObject(file: string, text: string): Record<string, unknown> {
  const ctx = new MetadataContext(file);
  let value: JsonValue;
  try {
    value = parseJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return ctx.invalid('(document)', `is not valid JSON: ${err.message}`);
    throw err;
  }
  if (!isObject(value)) return ctx.invalid('(document)', 'must be a JSON object');
  return value;
}

/** A JSON.stringify replacer that writes bigints (64-bit fill values) as decimal text. */
export function bigintText(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
