/**
 * Where the cluster's Redis is: a `redis://[user:password@]host:port[/db]`
 * URL or an address object, and a bounded first contact, so a Redis that is
 * down or unreachable is ERR_ZARR_IO within seconds rather than a hang.
 */
import { DynaZarrError, invalidArgument } from '../errors';
import { RedisClient, type RedisAddress } from './redis-client';

export type ClusterConnection = string | RedisAddress;

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export function parseConnection(connection: unknown, what: string): RedisAddress {
  if (typeof connection === 'string') {
    let url: URL;
    try {
      url = new URL(connection);
    } catch {
      throw invalidArgument(`${what}: connection ${JSON.stringify(connection)} is not a redis://HOST:PORT URL`);
    }
    if (url.protocol !== 'redis:' || !url.hostname) throw invalidArgument(`${what}: connection ${JSON.stringify(connection)} is not a redis://HOST:PORT URL`);
    const db = url.pathname.replace(/^\//, '');
    if (db !== '' && !/^\d+$/.test(db)) throw invalidArgument(`${what}: the database in ${JSON.stringify(connection)} must be a number`);
    return {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : 6379,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(db ? { db: Number(db) } : {}),
    };
  }
  const c = connection as Partial<RedisAddress> | null;
  if (!c || typeof c !== 'object' || typeof c.host !== 'string' || !Number.isSafeInteger(c.port) || (c.port as number) < 1 || (c.port as number) > 65535) {
    throw invalidArgument(`${what}: connection must be a redis://HOST:PORT URL or { host, port }`);
  }
  return { host: c.host, port: c.port as number, username: c.username, password: c.password, db: c.db };
}

export const addressText = (a: RedisAddress): string => `redis://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;

/** Connects once (PING), within `timeoutMs`; ERR_ZARR_IO naming the address otherwise. */
export async function probe(address: RedisAddress, timeoutMs: number): Promise<void> {
  const client = new RedisClient({ ...address, connectTimeoutMs: timeoutMs, reconnectWindowMs: 0 });
  client.on('error', () => undefined); // reported through the rejection below
  let timer: NodeJS.Timeout | undefined;
  // The whole exchange is bounded: a server that accepts but never answers must not hang us.
  const silent = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to PING in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.call('PING')), silent]);
  } catch (err) {
    throw new DynaZarrError('ERR_ZARR_IO', `cannot reach Redis at ${addressText(address)}: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** A connection for BullMQ that rides out Redis restarts for `reconnectWindowMs`. */
export function openClient(address: RedisAddress, timeoutMs: number, reconnectWindowMs: number): RedisClient {
  const client = new RedisClient({ ...address, connectTimeoutMs: timeoutMs, reconnectWindowMs });
  client.on('error', () => undefined); // BullMQ listens too; a lost connection surfaces as 'end'
  return client;
}
