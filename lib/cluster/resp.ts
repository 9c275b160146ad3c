/**
 * The Redis wire protocol (RESP2): encoding a command, decoding replies.
 * Replies map as ioredis maps them, which is what BullMQ expects: simple and
 * bulk strings → string, integers → number, nil → null, arrays → arrays,
 * an error reply → a RedisReplyError (a value inside EXEC results, a
 * rejection elsewhere).
 */

export type CommandArg = string | number | Buffer;
export type Reply = string | number | null | Reply[] | RedisReplyError;

export class RedisReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
  }
}

export function encodeCommand(args: CommandArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** One reply starting at `pos`: [value, next position], or null when `buf` does not hold all of it yet. */
export function decodeReply(buf: Buffer, pos: number): [Reply, number] | null {
  if (pos >= buf.length) return null;
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const line = buf.toString('utf8', pos + 1, eol);
  const next = eol + 2;
  switch (buf[pos]) {
    case 0x2b: return [line, next]; // '+'
    case 0x2d: return [new RedisReplyError(line), next]; // '-'
    case 0x3a: return [Number(line), next]; // ':'
    case 0x24: { // '$'
      const n = Number(line);
      if (n < 0) return [null, next];
      if (buf.length < next + n + 2) return null;
      return [buf.toString('utf8', next, next + n), next + n + 2];
    }
    case 0x2a: { // '*'
      const n = Number(line);
      if (n < 0) return [null, next];
      const items: Reply[] = [];
      let p = next;
      for (let i = 0; i < n; i++) {
        const item = decodeReply(buf, p);
        if (!item) return null;
        items.push(item[0]);
        p = item[1];
      }
      return [items, p];
    }
    default:
      throw new RedisReplyError(`Redis protocol error: unexpected reply type byte 0x${buf[pos].toString(16)}`);
  }
}
