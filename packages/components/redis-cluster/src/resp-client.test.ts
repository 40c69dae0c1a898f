import { describe, expect, it } from 'vitest';
import { crc16, keySlot, parseClusterNodes } from './__fixtures__/cluster-client.ts';
import { parseReply, ReplyError } from './__fixtures__/resp.ts';

/** The tiny RESP client the real-Redis tests use: checked against the protocol's known values. */
describe('test RESP client', () => {
  it('hashes keys to the slots Redis uses, honouring hash tags', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x31c3);
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('somekey')).toBe(11058);
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('foo{}{bar}')).toBe(crc16(Buffer.from('foo{}{bar}')) % 16384);
  });

  it('parses nested replies and waits for incomplete ones', () => {
    const buf = Buffer.from('*3\r\n:1\r\n$5\r\nhello\r\n*2\r\n+OK\r\n-ERR bad\r\n');
    const parsed = parseReply(buf, 0)!;
    expect(parsed.next).toBe(buf.length);
    const [one, hello, [ok, err]] = parsed.reply as [number, string, [string, ReplyError]];
    expect([one, hello, ok]).toEqual([1, 'hello', 'OK']);
    expect(err).toBeInstanceOf(ReplyError);
    expect(parseReply(Buffer.from('$5\r\nhel'), 0)).toBeUndefined();
    expect(parseReply(Buffer.from('$-1\r\n'), 0)?.reply).toBeNull();
  });

  it('parses CLUSTER NODES lines', () => {
    const [node] = parseClusterNodes(
      'abc 127.0.0.1:7000@17000,host myself,master - 0 0 3 connected 0-5460 5462\n',
    );
    expect(node).toEqual({
      id: 'abc',
      address: '127.0.0.1:7000',
      flags: ['myself', 'master'],
      masterId: undefined,
      configEpoch: 3,
      slots: ['0-5460', '5462'],
    });
  });
});
