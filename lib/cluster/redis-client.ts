/**
 * A small Redis client that BullMQ accepts as its `connection` (BullMQ's
 * IRedisClient interface): BullMQ 6 needs a driver, and this one is a
 * socket speaking RESP2 (resp.ts), with no package behind it. It does what
 * BullMQ uses: plain commands, Lua scripts by SHA (loaded when defined and
 * again after each reconnect), pipelines, MULTI/EXEC, blocking pops and
 * stream reads (BullMQ gives those their own duplicate() connection), and a
 * bounded connect: `connectTimeoutMs`, then reconnects for at most
 * `reconnectWindowMs` (0: none) before it ends with the last error.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { Readable } from 'node:stream';
import { decodeReply, encodeCommand, RedisReplyError, type CommandArg, type Reply } from './resp';

export interface RedisAddress {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
}

export interface RedisClientOptions extends RedisAddress {
  connectTimeoutMs?: number;
  /** How long to keep trying to (re)connect after a connection is lost or refused; 0: give up at once. */
  reconnectWindowMs?: number;
  connectionName?: string;
}

/** The message BullMQ (and ioredis) use for "this connection is gone": BullMQ treats it as expected at shutdown. */
const CLOSED = 'Connection is closed.';

interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
}

interface Script {
  sha: string;
  lua: string;
  keys: number;
}

function scriptArgs(script: Script, args: unknown[]): CommandArg[] {
  const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return flat.map((a) => (Buffer.isBuffer(a) ? a : a === undefined || a === null ? '' : String(a)));
}

const pairsToObject = (flat: Reply): Record<string, string> => {
  const out: Record<string, string> = {};
  const items = Array.isArray(flat) ? flat : [];
  for (let i = 0; i + 1 < items.length; i += 2) out[String(items[i])] = String(items[i + 1]);
  return out;
};

const flattenRecord = (data: Record<string, string | number>): CommandArg[] => Object.entries(data).flatMap(([k, v]) => [k, String(v)]);

export class RedisClient extends EventEmitter {
  status = 'wait';
  readonly isCluster = false;
  options: Record<string, unknown>;
  private socket: net.Socket | null = null;
  private inFlight: Pending[] = [];
  private offline: Array<{ args: CommandArg[] } & Pending> = [];
  private received: Buffer = Buffer.alloc(0);
  private scripts = new Map<string, Script>();
  private connecting: Promise<void> | null = null;
  private ending = false;
  private lostAt = 0;

  constructor(private readonly config: RedisClientOptions) {
    super();
    // BullMQ refuses blocking connections with maxRetriesPerRequest set.
    this.options = { host: config.host, port: config.port, db: config.db ?? 0, maxRetriesPerRequest: null };
  }

  get address(): string {
    return `redis://${this.config.host}:${this.config.port}`;
  }

  connect(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (!this.connecting) {
      this.ending = false;
      this.connecting = this.connectUntilReady().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async connectUntilReady(): Promise<void> {
    const window = this.config.reconnectWindowMs ?? 0;
    const started = this.lostAt || Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.openSocket();
        this.lostAt = 0;
        return;
      } catch (err) {
        if (this.ending || Date.now() - started + 100 > window) {
          this.lostAt = 0;
          this.fail(err as Error);
          throw err;
        }
        if (this.listenerCount('error') > 0) this.emit('error', err);
        this.status = 'reconnecting';
        this.emit('reconnecting');
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)));
        if (this.ending) {
          this.fail(new Error(CLOSED));
          throw new Error(CLOSED, { cause: err });
        }
      }
    }
  }

  /** One connection attempt, handshake included (AUTH, SELECT, CLIENT SETNAME, the scripts). */
  private openSocket(): Promise<void> {
    const { host, port } = this.config;
    this.status = 'connecting';
    return new Promise<void>((resolve, reject) => {
      const socket = net.createConnection({ host, port });
      let opened = false;
      let lastError: Error | null = null;
      const timer = setTimeout(() => socket.destroy(new Error(`connect ETIMEDOUT ${host}:${port} (no answer in ${this.config.connectTimeoutMs ?? 5000} ms)`)),
        this.config.connectTimeoutMs ?? 5000);
      socket.setNoDelay(true);
      socket.on('data', (chunk) => this.onData(chunk));
      socket.on('error', (err) => {
        lastError = err;
      });
      socket.on('close', () => {
        clearTimeout(timer);
        if (this.socket === socket) this.socket = null;
        this.rejectInFlight(new Error(CLOSED));
        if (!opened) {
          reject(lastError ?? new Error(`connection to ${host}:${port} closed during the handshake`));
          return;
        }
        this.onLost(lastError);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        if (this.ending) {
          socket.destroy(new Error(CLOSED)); // disconnected while connecting
          return;
        }
        this.socket = socket;
        this.handshake().then(() => {
          opened = true;
          this.status = 'ready';
          this.emit('connect');
          this.emit('ready');
          this.flushOffline();
          resolve();
        }, (err: Error) => {
          lastError = err;
          socket.destroy();
        });
      });
    });
  }

  private async handshake(): Promise<void> {
    const { username, password, db, connectionName } = this.config;
    const calls: CommandArg[][] = [];
    if (password !== undefined) calls.push(username ? ['AUTH', username, password] : ['AUTH', password]);
    if (db) calls.push(['SELECT', db]);
    if (connectionName) calls.push(['CLIENT', 'SETNAME', connectionName]);
    for (const s of this.scripts.values()) calls.push(['SCRIPT', 'LOAD', s.lua]);
    await Promise.all(calls.map((c) => this.write(c)));
  }

  /** A lost connection: reconnect within the window, else end. */
  private onLost(err: Error | null): void {
    this.emit('close');
    if (this.ending || (this.config.reconnectWindowMs ?? 0) <= 0) {
      this.fail(err ?? new Error(CLOSED));
      return;
    }
    this.lostAt = Date.now();
    this.status = 'reconnecting';
    this.connect().catch(() => undefined);
  }

  /** Ends for good: every waiting command fails with `err`. */
  private fail(err: Error): void {
    if (this.status === 'end') return;
    this.status = 'end';
    const closed = err.message === CLOSED ? err : new Error(`${err.message}`, { cause: err });
    for (const p of this.offline.splice(0)) p.reject(this.ending ? new Error(CLOSED) : closed);
    if (!this.ending && this.listenerCount('error') > 0) this.emit('error', err);
    this.emit('end');
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    let pos = 0;
    for (;;) {
      let decoded: [Reply, number] | null;
      try {
        decoded = decodeReply(this.received, pos);
      } catch (err) {
        this.socket?.destroy(err as Error);
        return;
      }
      if (!decoded) break;
      pos = decoded[1];
      const pending = this.inFlight.shift();
      if (pending) {
        if (decoded[0] instanceof RedisReplyError) pending.reject(decoded[0]);
        else pending.resolve(decoded[0]);
      }
    }
    this.received = pos >= this.received.length ? Buffer.alloc(0) : this.received.subarray(pos);
  }

  private rejectInFlight(err: Error): void {
    for (const p of this.inFlight.splice(0)) p.reject(err);
    this.received = Buffer.alloc(0);
  }

  private write(args: CommandArg[]): Promise<Reply> {
    return new Promise((resolve, reject) => {
      if (!this.socket) {
        reject(new Error(CLOSED));
        return;
      }
      this.inFlight.push({ resolve, reject });
      this.socket.write(encodeCommand(args));
    });
  }

  private flushOffline(): void {
    for (const p of this.offline.splice(0)) this.write(p.args).then(p.resolve, p.reject);
  }

  /** Any command; queued while (re)connecting, like ioredis's offline queue. */
  call(...args: CommandArg[]): Promise<Reply> {
    if (this.status === 'ready' && this.socket) return this.write(args);
    if (this.status === 'end' && !this.connecting) return Promise.reject(new Error(CLOSED));
    return new Promise((resolve, reject) => this.offline.push({ args, resolve, reject }));
  }

  disconnect(reconnect = false): void {
    this.ending = !reconnect;
    if (this.socket) {
      this.socket.destroy();
    } else if (!reconnect && this.status !== 'end') {
      this.fail(new Error(CLOSED));
      this.emit('close');
    }
  }

  async quit(): Promise<string> {
    this.ending = true;
    if (this.socket && this.status === 'ready') {
      const socket = this.socket;
      await this.write(['QUIT']).catch(() => undefined);
      socket.destroy();
    } else {
      this.disconnect();
    }
    return 'OK';
  }

  duplicate(override?: { connectionName?: string }): RedisClient {
    const copy = new RedisClient({ ...this.config, ...(override?.connectionName ? { connectionName: override.connectionName } : {}) });
    for (const [name, s] of this.scripts) copy.defineCommand(name, { numberOfKeys: s.keys, lua: s.lua });
    return copy;
  }

  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void {
    const sha = createHash('sha1').update(definition.lua).digest('hex');
    this.scripts.set(name, { sha, lua: definition.lua, keys: definition.numberOfKeys });
    // BullMQ checks for this property to know a script is defined.
    (this as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => this.runCommand(name, args);
    if (this.status === 'ready') this.call('SCRIPT', 'LOAD', definition.lua).catch(() => undefined);
  }

  private script(name: string): Script {
    const s = this.scripts.get(name);
    if (!s) throw new Error(`BullMQ script ${name} is not defined on this connection`);
    return s;
  }

  async runCommand(name: string, args: unknown[]): Promise<Reply> {
    const s = this.script(name);
    const rest = scriptArgs(s, args);
    try {
      return await this.call('EVALSHA', s.sha, s.keys, ...rest);
    } catch (err) {
      if (!(err instanceof RedisReplyError && err.message.startsWith('NOSCRIPT'))) throw err;
      return this.call('EVAL', s.lua, s.keys, ...rest);
    }
  }

  multi(): Batch {
    return new Batch(this, true);
  }

  pipeline(): Batch {
    return new Batch(this, false);
  }

  /** For Batch: the args of a script call. */
  scriptCall(name: string, args: unknown[]): CommandArg[] {
    const s = this.script(name);
    return ['EVALSHA', s.sha, s.keys, ...scriptArgs(s, args)];
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return pairsToObject(await this.call('HGETALL', key));
  }
  hget(key: string, field: string): Promise<string | null> {
    return this.call('HGET', key, field) as Promise<string | null>;
  }
  hmget(key: string, ...fields: string[]): Promise<Array<string | null>> {
    return this.call('HMGET', key, ...fields) as Promise<Array<string | null>>;
  }
  hset(key: string, data: Record<string, string | number>): Promise<number> {
    return this.call('HSET', key, ...flattenRecord(data)) as Promise<number>;
  }
  hdel(key: string, ...fields: string[]): Promise<number> {
    return this.call('HDEL', key, ...fields) as Promise<number>;
  }
  hexists(key: string, field: string): Promise<number> {
    return this.call('HEXISTS', key, field) as Promise<number>;
  }
  get(key: string): Promise<string | null> {
    return this.call('GET', key) as Promise<string | null>;
  }
  set(key: string, value: string | number, options?: { PX?: number; EX?: number }): Promise<string | null> {
    const extra: CommandArg[] = options?.PX != null ? ['PX', options.PX] : options?.EX != null ? ['EX', options.EX] : [];
    return this.call('SET', key, value, ...extra) as Promise<string | null>;
  }
  del(...keys: string[]): Promise<number> {
    return keys.length === 0 ? Promise.resolve(0) : (this.call('DEL', ...keys) as Promise<number>);
  }
  zrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }): Promise<string[]> {
    return this.call('ZRANGE', key, start, end, ...(options?.WITHSCORES ? ['WITHSCORES'] : [])) as Promise<string[]>;
  }
  zrevrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }): Promise<string[]> {
    return this.call('ZREVRANGE', key, start, end, ...(options?.WITHSCORES ? ['WITHSCORES'] : [])) as Promise<string[]>;
  }
  zcard(key: string): Promise<number> {
    return this.call('ZCARD', key) as Promise<number>;
  }
  zscore(key: string, member: string): Promise<string | null> {
    return this.call('ZSCORE', key, member) as Promise<string | null>;
  }
  lrange(key: string, start: number, end: number): Promise<string[]> {
    return this.call('LRANGE', key, start, end) as Promise<string[]>;
  }
  llen(key: string): Promise<number> {
    return this.call('LLEN', key) as Promise<number>;
  }
  ltrim(key: string, start: number, end: number): Promise<string> {
    return this.call('LTRIM', key, start, end) as Promise<string>;
  }
  lpos(key: string, value: string): Promise<number | null> {
    return this.call('LPOS', key, value) as Promise<number | null>;
  }
  smembers(key: string): Promise<string[]> {
    return this.call('SMEMBERS', key) as Promise<string[]>;
  }
  xadd(key: string, id: string, fields: Record<string, string | number>, options?: { MAXLEN?: number; approximate?: boolean }): Promise<string> {
    const trim: CommandArg[] = options?.MAXLEN != null ? ['MAXLEN', ...(options.approximate === false ? [] : ['~']), options.MAXLEN] : [];
    return this.call('XADD', key, ...trim, id, ...flattenRecord(fields)) as Promise<string>;
  }
  xread(streams: Array<{ key: string; id: string }>, options?: { BLOCK?: number; COUNT?: number }): Promise<Reply> {
    const opts: CommandArg[] = [
      ...(options?.COUNT != null ? ['COUNT', options.COUNT] : []),
      ...(options?.BLOCK != null ? ['BLOCK', options.BLOCK] : []),
    ];
    return this.call('XREAD', ...opts, 'STREAMS', ...streams.map((s) => s.key), ...streams.map((s) => s.id));
  }
  xtrim(key: string, strategy: 'MAXLEN', threshold: number, options?: { approximate?: boolean }): Promise<number> {
    return this.call('XTRIM', key, strategy, ...(options?.approximate === false ? [] : ['~']), threshold) as Promise<number>;
  }
  bzpopmin(key: string, timeout: number): Promise<[string, string, string] | null> {
    return this.call('BZPOPMIN', key, timeout) as Promise<[string, string, string] | null>;
  }
  info(): Promise<string> {
    return this.call('INFO') as Promise<string>;
  }
  clientSetName(name: string): Promise<Reply> {
    return this.call('CLIENT', 'SETNAME', name);
  }
  clientList(): Promise<string> {
    return this.call('CLIENT', 'LIST') as Promise<string>;
  }
  clientInfo(): Promise<string> {
    return this.call('CLIENT', 'INFO') as Promise<string>;
  }
  async scan(cursor: string | number, options: { MATCH?: string; COUNT?: number }): Promise<[string, string[]]> {
    const reply = await this.call('SCAN', cursor, ...(options.MATCH ? ['MATCH', options.MATCH] : []), ...(options.COUNT ? ['COUNT', options.COUNT] : []));
    const [next, keys] = reply as [string, string[]];
    return [String(next), keys];
  }
  scanStream(options: { match: string; count?: number }): Readable {
    let cursor = '0';
    let started = false;
    const stream: Readable = new Readable({
      objectMode: true,
      read: () => {
        if (started && cursor === '0') return;
        started = true;
        this.scan(cursor, { MATCH: options.match, COUNT: options.count }).then(([next, keys]) => {
          cursor = next;
          stream.push(keys);
          if (next === '0') stream.push(null);
        }, (err: Error) => stream.destroy(err));
      },
    });
    return stream;
  }
}

/** A pipeline (commands sent together) or, with `atomic`, a MULTI/EXEC transaction. */
class Batch {
  private commands: CommandArg[][] = [];
  private transforms: Array<(r: Reply) => unknown> = [];

  constructor(private readonly client: RedisClient, private readonly atomic: boolean) {}

  private add(args: CommandArg[], transform: (r: Reply) => unknown = (r) => r): this {
    this.commands.push(args);
    this.transforms.push(transform);
    return this;
  }

  hgetall(key: string): this { return this.add(['HGETALL', key], pairsToObject); }
  hset(key: string, data: Record<string, string | number>): this { return this.add(['HSET', key, ...flattenRecord(data)]); }
  hscan(key: string, cursor: string | number, options?: { COUNT?: number }): this {
    return this.add(['HSCAN', key, cursor, ...(options?.COUNT != null ? ['COUNT', options.COUNT] : [])]);
  }
  smembers(key: string): this { return this.add(['SMEMBERS', key]); }
  sscan(key: string, cursor: string | number, options?: { COUNT?: number }): this {
    return this.add(['SSCAN', key, cursor, ...(options?.COUNT != null ? ['COUNT', options.COUNT] : [])]);
  }
  zrange(key: string, start: number, end: number): this { return this.add(['ZRANGE', key, start, end]); }
  lrange(key: string, start: number, end: number): this { return this.add(['LRANGE', key, start, end]); }
  llen(key: string): this { return this.add(['LLEN', key]); }
  del(...keys: string[]): this { return keys.length === 0 ? this : this.add(['DEL', ...keys]); }
  runCommand(name: string, args: unknown[]): this { return this.add(this.client.scriptCall(name, args)); }

  async exec(): Promise<Array<[Error | null, unknown]> | null> {
    const settle = (r: Reply, i: number): [Error | null, unknown] => (r instanceof Error ? [r, null] : [null, this.transforms[i](r)]);
    if (!this.atomic) {
      const replies = await Promise.all(this.commands.map((c) => this.client.call(...c).catch((e: Error) => e as RedisReplyError)));
      return replies.map(settle);
    }
    const sent = [this.client.call('MULTI'), ...this.commands.map((c) => this.client.call(...c).catch((e: Error) => e)), this.client.call('EXEC')];
    const replies = await Promise.all(sent);
    const results = replies[replies.length - 1];
    if (results === null) return null;
    return (results as Reply[]).map(settle);
  }
}
