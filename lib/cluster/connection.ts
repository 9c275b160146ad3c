/**
 * Where the cluster's Redis is: a `redis://[user:password@]host:port[/db]`
 * URL or an address object; a bounded first contact, so a Redis that is
 * down or unreachable is ERR_ZARR_IO within seconds rather than a hang; and
 * the ioredis connections BullMQ runs on (ioredis is loaded on first use).
 */
import type { Redis, RedisOptions } from 'ioredis';
import { DynaZarrError, invalidArgument } from '../errors';

/** A Redis server's address (the parts of a redis:// URL). */
export interface RedisAddress {
  /** Host name or IP address. */
  host: string;
  /** TCP port (6379 is Redis's default). */
  port: number;
  /** ACL user name, if the server requires one. */
  username?: string;
  /** Password, if the server requires one. */
  password?: string;
  /** Database number (default 0). */
  db?: number;
}

/** The Redis every worker and submitter uses: `redis://[user:password@]HOST:PORT[/db]` or an address object. */
export type ClusterConnection = string | RedisAddress;

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

// A connection URL as messages may show it: what precedes '@' may be a password.
const redacted = (url: string): string => JSON.stringify(url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/]*@/i, '$1…@'));

export function parseConnection(connection: unknown, what: string): RedisAddress {
  if (typeof connection === 'string') {
    let url: URL;
    try {
      url = new URL(connection);
    } catch {
      throw invalidArgument(`${what}: connection ${redacted(connection)} is not a redis://HOST:PORT URL`);
    }
    if (url.protocol !== 'redis:' || !url.hostname) throw invalidArgument(`${what}: connection ${redacted(connection)} is not a redis://HOST:PORT URL`);
    const db = url.pathname.replace(/^\//, '');
    if (db !== '' && !/^\d+$/.test(db)) throw invalidArgument(`${what}: the database in ${redacted(connection)} must be a number`);
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

async function newRedis(address: RedisAddress, options: RedisOptions): Promise<Redis> {
  const { Redis: RedisClass } = await import('ioredis');
  const client = new RedisClass({ ...address, ...options });
  client.on('error', () => undefined); // failures surface as rejected commands, or as 'end'
  return client;
}

/** Connects once (PING), within `timeoutMs`; ERR_ZARR_IO naming the address otherwise. */
export async function probe(address: RedisAddress, timeoutMs: number): Promise<void> {
  const client = await newRedis(address, {
    lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null,
  });
  let timer: NodeJS.Timeout | undefined;
  // The whole exchange is bounded: a server that accepts but never answers must not hang us.
  const silent = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to PING in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), silent]);
  } catch (err) {
    throw new DynaZarrError('ERR_ZARR_IO', `cannot reach Redis at ${addressText(address)}: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/**
 * A connection for BullMQ (which duplicates it for its blocking reads) that
 * rides out a lost Redis for `reconnectWindowMs`, then ends ('end').
 */
export function openClient(address: RedisAddress, timeoutMs: number, reconnectWindowMs: number): Promise<Redis> {
  let lostAt = 0;
  return newRedis(address, {
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: null, // BullMQ's requirement for blocking connections
    retryStrategy: (times: number) => {
      if (times === 1) lostAt = Date.now();
      return Date.now() - lostAt > reconnectWindowMs ? null : Math.min(100 * 2 ** times, 2000);
    },
  });
}
