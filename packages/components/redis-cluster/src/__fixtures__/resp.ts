import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * How a test client speaks TLS to a server: the CA it trusts, the name it expects in the server's
 * certificate (the server is on 127.0.0.1, the certificate names the pods), and optionally a
 * client certificate to present.
 */
export interface ClientTls {
  ca: string;
  servername: string;
  cert?: string;
  key?: string;
}

/** An error reply of the server (`-ERR ...`, `-MOVED ...`); a value, not a thrown exception. */
export class ReplyError extends Error {
  override readonly name = 'ReplyError';
}

/** A RESP2 reply: simple or bulk string, integer, nil, error, or an array of replies. */
export type Reply = string | number | null | ReplyError | Reply[];

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Parses one reply at `offset`; undefined when the buffer does not hold all of it yet. */
export function parseReply(buf: Buffer, offset: number): { reply: Reply; next: number } | undefined {
  const eol = buf.indexOf('\r\n', offset);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[offset] ?? 0);
  const line = buf.toString('utf8', offset + 1, eol);
  const after = eol + 2;
  switch (type) {
    case '+':
      return { reply: line, next: after };
    case '-':
      return { reply: new ReplyError(line), next: after };
    case ':':
      return { reply: Number(line), next: after };
    case '$': {
      const len = Number(line);
      if (len < 0) return { reply: null, next: after };
      if (buf.length < after + len + 2) return undefined;
      return { reply: buf.toString('utf8', after, after + len), next: after + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, next: after };
      const items: Reply[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (!item) return undefined;
        items.push(item.reply);
        next = item.next;
      }
      return { reply: items, next };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

function encode(args: readonly (string | number)[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`;
}

/** A minimal RESP2 connection over node:net for tests: pipelined commands, per-command timeout. */
export class RespConnection {
  private buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private closed: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.onData(chunk));
    const fail = (error: Error) => this.failAll(error);
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  /**
   * Connects to host:port, over TLS when `tls` is given (the server's certificate is verified
   * against `tls.ca` and `tls.servername`); rejects on refusal, a failed handshake or after
   * `timeoutMs`.
   */
  static open(host: string, port: number, timeoutMs = 2000, tls?: ClientTls): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = tls
        ? connectTls({
            host,
            port,
            ca: tls.ca,
            servername: tls.servername,
            ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
          })
        : connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new RespConnection(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Sends one command; resolves with its reply (an error reply is a {@link ReplyError} value). */
  command(args: readonly (string | number)[], timeoutMs = 3000): Promise<Reply> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.failAll(new Error(`${String(args[0])} timed out after ${timeoutMs} ms`));
        this.socket.destroy();
      }, timeoutMs);
      this.pending.push({ resolve, reject, timer });
      this.socket.write(encode(args));
    });
  }

  /** Like {@link command} but throws error replies. */
  async call(args: readonly (string | number)[], timeoutMs?: number): Promise<Reply> {
    const reply = await this.command(args, timeoutMs);
    if (reply instanceof ReplyError) throw reply;
    return reply;
  }

  close(): void {
    this.closed ??= new Error('connection closed');
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    for (;;) {
      const parsed = parseReply(this.buffer, offset);
      if (!parsed) break;
      offset = parsed.next;
      const waiter = this.pending.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(parsed.reply);
      }
    }
    this.buffer = this.buffer.subarray(offset);
  }

  private failAll(error: Error): void {
    this.closed ??= error;
    for (const waiter of this.pending.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
