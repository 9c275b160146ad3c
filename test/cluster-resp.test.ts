/**
 * The RESP2 codec under the cluster's Redis client: commands as the protocol
 * spells them, every reply kind, and replies that arrive in pieces (a reply
 * cut anywhere is "not yet", never a wrong value).
 */
import { decodeReply, encodeCommand, RedisReplyError } from '../lib/cluster/resp';

test('a command is an array of bulk strings; Buffers go as they are, numbers as decimal text', () => {
  expect(encodeCommand(['SET', 'k', 12]).toString('latin1')).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n12\r\n');
  expect(encodeCommand(['X', Buffer.from([0, 255, 13, 10])])).toEqual(Buffer.concat([Buffer.from('*2\r\n$1\r\nX\r\n$4\r\n'), Buffer.from([0, 255, 13, 10]), Buffer.from('\r\n')]));
  expect(encodeCommand(['é']).toString('latin1')).toBe('*1\r\n$2\r\n\xc3\xa9\r\n');
});

test('replies: simple string, error, integer, bulk, nil, empty and nested arrays', () => {
  const text = '+OK\r\n-NOSCRIPT No matching script\r\n:-42\r\n$5\r\nhe\r\nl\r\n$-1\r\n*0\r\n*2\r\n*2\r\n$1\r\na\r\n:1\r\n*-1\r\n';
  const buf = Buffer.from(text, 'latin1');
  const values: unknown[] = [];
  let pos = 0;
  for (;;) {
    const r = decodeReply(buf, pos);
    if (!r) break;
    values.push(r[0]);
    pos = r[1];
  }
  expect(pos).toBe(buf.length);
  expect(values[0]).toBe('OK');
  expect(values[1]).toBeInstanceOf(RedisReplyError);
  expect((values[1] as Error).message).toBe('NOSCRIPT No matching script');
  expect(values.slice(2)).toEqual([-42, 'he\r\nl', null, [], [['a', 1], null]]);
});

test('a reply cut at any byte decodes to null (wait for more), and whole to its value', () => {
  const whole = Buffer.from('*3\r\n$3\r\nkey\r\n$6\r\nmember\r\n$4\r\n1.50\r\n', 'latin1');
  for (let cut = 0; cut < whole.length; cut++) expect(decodeReply(whole.subarray(0, cut), 0)).toBeNull();
  expect(decodeReply(whole, 0)).toEqual([['key', 'member', '1.50'], whole.length]);
});

test('an unknown type byte is a protocol error', () => {
  expect(() => decodeReply(Buffer.from('?x\r\n'), 0)).toThrow(/protocol error/);
});
