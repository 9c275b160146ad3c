/**
 * Remote locations (http://, https://, s3://) on the TypeScript side: the
 * URL handling and the metadata I/O, which runs natively (binding/core/store)
 * like the chunk I/O, so credentials, signing, retries and error codes are
 * the engine's. Local paths never come here.
 */
import { DynaZarrError, invalidArgument } from '../errors';
import { native } from '../job/native';

/**
 * storageOptions as io.read / io.write / createSink take them (binding/core/store/remote_util.h resolves them):
 * for S3 `endpoint`, `region`, `accessKeyId`, `secretAccessKey`, `sessionToken` (strings) and `virtualHostedStyle`
 * (boolean); unset keys come from the AWS_* environment variables.
 */
export type StorageOptions = Record<string, unknown>;

const STORAGE_KEYS: Record<string, 'string' | 'boolean'> = {
  endpoint: 'string', region: 'string', accessKeyId: 'string', secretAccessKey: 'string', sessionToken: 'string', virtualHostedStyle: 'boolean',
};

/** Checks a storageOptions value (undefined stays undefined). */
export function checkStorageOptions(value: unknown, what: string): StorageOptions | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidArgument(`${what}: storageOptions must be a plain object`);
  for (const [key, v] of Object.entries(value)) {
    const type = STORAGE_KEYS[key];
    if (!type) throw invalidArgument(`${what}: unknown storageOptions key "${key}" (known: ${Object.keys(STORAGE_KEYS).join(', ')})`);
    if (v !== undefined && v !== null && typeof v !== type) throw invalidArgument(`${what}: storageOptions.${key} must be a ${type}`);
  }
  return value as StorageOptions;
}

const REMOTE = /^(https?|s3):\/\//i;

/** The URL when input names a remote store, else null (a local path or file:// URL). */
export function remoteUrl(input: unknown): string | null {
  const text = input instanceof URL ? input.href : typeof input === 'string' ? input : null;
  if (text === null || !REMOTE.test(text)) return null;
  const authority = /^[a-z0-9]+:\/\/([^/]*)/i.exec(text)![1];
  if (authority.includes('@')) {
    // Never repeated in a message: what precedes '@' may be a password.
    const redacted = text.replace(authority, `…@${authority.slice(authority.lastIndexOf('@') + 1)}`);
    throw invalidArgument(`URLs with credentials (user:password@) are not supported: ${redacted}`);
  }
  if (text.includes('\0')) throw invalidArgument(`URL must not contain NUL characters: ${JSON.stringify(text)}`);
  if (/[?#]/.test(text)) throw invalidArgument(`a store URL may not have a query or fragment: ${text}`);
  return text.replace(/\/+$/, '');
}

/** Whether a location (as kept in specs and nodes) is remote. */
export const isRemote = (location: string): boolean => REMOTE.test(location);

/** location + '/' + segments, for URLs and local paths alike ('/'-joined). */
export function joinRemote(location: string, ...segments: string[]): string {
  return [location.replace(/\/+$/, ''), ...segments.filter((s) => s !== '')].join('/');
}

/** The folder part of a URL (what precedes the last '/'), never above the bucket or host. */
export function remoteParent(url: string): string {
  const slash = url.lastIndexOf('/');
  return slash > url.indexOf('://') + 2 ? url.slice(0, slash) : url;
}

function split(url: string): [string, string] {
  const slash = url.lastIndexOf('/');
  if (slash <= url.indexOf('://') + 2) throw invalidArgument(`no key in the URL ${url}`);
  return [url.slice(0, slash), url.slice(slash + 1)];
}

const optionsJson = (o: StorageOptions | undefined): string => JSON.stringify(o ?? {});

/** The value at a URL as bytes, null when it does not exist. Larger than maxBytes: ERR_ZARR_LIMIT. */
export async function remoteGet(url: string, storage: StorageOptions | undefined, maxBytes: number): Promise<Buffer | null> {
  const [location, key] = split(url);
  try {
    return await native().storeGet(location, key, optionsJson(storage), maxBytes);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_ZARR_CODEC') {
      throw new DynaZarrError('ERR_ZARR_LIMIT', `${url} is more than the ${maxBytes} bytes a metadata document may have`, { cause: err });
    }
    throw err;
  }
}

/** Stores text at a URL (one PUT). */
export function remotePut(url: string, storage: StorageOptions | undefined, text: string): Promise<void> {
  return remotePutBytes(url, storage, Buffer.from(text, 'utf8'));
}

/** Stores bytes at a URL (one PUT). */
export async function remotePutBytes(url: string, storage: StorageOptions | undefined, bytes: Uint8Array): Promise<void> {
  const [location, key] = split(url);
  await native().storePut(location, key, optionsJson(storage), bytes);
}

/** Every key under a location, relative to it. */
export function remoteList(location: string, storage: StorageOptions | undefined): Promise<string[]> {
  return native().storeList(location, optionsJson(storage));
}

/** Removes keys under a location. */
export function remoteDelete(location: string, keys: string[], storage: StorageOptions | undefined): Promise<void> {
  return keys.length === 0 ? Promise.resolve() : native().storeDelete(location, keys, optionsJson(storage));
}
