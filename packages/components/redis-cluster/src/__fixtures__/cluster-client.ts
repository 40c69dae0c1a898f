import { type ClientTls, type Reply, ReplyError, RespConnection } from './resp.ts';

/** CRC16/XMODEM, the hash of Redis Cluster key slots. */
export function crc16(data: Buffer): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The slot of a key, honouring `{hash tags}`. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  const close = open >= 0 ? key.indexOf('}', open + 1) : -1;
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  return crc16(Buffer.from(hashed)) % 16384;
}

/** `host:port`. */
export type Address = string;

/** One line of CLUSTER NODES. */
export interface ClusterNode {
  id: string;
  address: Address;
  flags: string[];
  masterId: string | undefined;
  configEpoch: number;
  slots: string[];
}

/** Parses CLUSTER NODES output. */
export function parseClusterNodes(text: string): ClusterNode[] {
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', addr = '', flags = '', master = '-', , , epoch = '0', , ...slots] = line
        .trim()
        .split(' ');
      return {
        id,
        address: addr.split('@')[0] ?? '',
        flags: flags.split(','),
        masterId: master === '-' ? undefined : master,
        configEpoch: Number(epoch),
        slots,
      };
    });
}

/**
 * A small cluster-aware client for tests: routes keys by slot, follows MOVED, authenticates
 * every connection (over TLS when given), and sends WAIT on the connection that took the write.
 */
export class ClusterClient {
  private readonly connections = new Map<Address, Promise<RespConnection>>();
  private readonly slots = new Array<Address | undefined>(16384);

  constructor(
    private seeds: readonly Address[],
    private readonly password: string,
    private readonly tls?: ClientTls,
  ) {}

  /** An authenticated connection to a node (cached). */
  connection(address: Address): Promise<RespConnection> {
    let conn = this.connections.get(address);
    if (!conn) {
      const colon = address.lastIndexOf(':');
      conn = RespConnection.open(
        address.slice(0, colon),
        Number(address.slice(colon + 1)),
        2000,
        this.tls,
      ).then(async (c) => {
        await c.call(['AUTH', this.password]);
        return c;
      });
      conn.catch(() => this.connections.delete(address));
      this.connections.set(address, conn);
    }
    return conn;
  }

  /** Forgets a connection (after the node went away). */
  drop(address: Address): void {
    void this.connections.get(address)?.then(
      (c) => c.close(),
      () => undefined,
    );
    this.connections.delete(address);
  }

  /** Reloads the slot map from the first node that answers CLUSTER SLOTS. */
  async refreshSlots(): Promise<void> {
    for (const seed of this.seeds) {
      try {
        const reply = await (await this.connection(seed)).call(['CLUSTER', 'SLOTS']);
        for (const range of reply as Reply[][]) {
          const [start, end, owner] = range as [number, number, Reply[]];
          for (let s = start; s <= end; s++) this.slots[s] = `${owner[0]}:${owner[1]}`;
        }
        return;
      } catch {
        this.drop(seed);
      }
    }
    throw new Error(`no node of ${this.seeds.join(', ')} answered CLUSTER SLOTS`);
  }

  /** The node that owns a key's slot in the current map. */
  async ownerOf(key: string): Promise<Address> {
    const slot = keySlot(key);
    if (this.slots[slot] === undefined) await this.refreshSlots();
    const owner = this.slots[slot];
    if (owner === undefined) throw new Error(`slot ${slot} has no owner`);
    return owner;
  }

  /** Runs a single-key command on the slot owner, following MOVED; returns the connection used. */
  async keyed(
    key: string,
    args: readonly (string | number)[],
  ): Promise<{ reply: Reply; conn: RespConnection }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const address = await this.ownerOf(key);
      const conn = await this.connection(address);
      const reply = await conn.command(args);
      if (reply instanceof ReplyError && reply.message.startsWith('MOVED ')) {
        const [, slot, target] = reply.message.split(' ');
        this.slots[Number(slot)] = target;
        continue;
      }
      if (reply instanceof ReplyError) throw reply;
      return { reply, conn };
    }
    throw new Error(`too many redirects for ${key}`);
  }

  /**
   * SET, then `WAIT 1 <waitMs>` on the same connection: resolves with the number of replicas
   * that acknowledged the write (0 when none did in time).
   */
  async setAndWait(key: string, value: string, waitMs: number): Promise<number> {
    const { conn } = await this.keyed(key, ['SET', key, value]);
    return (await conn.call(['WAIT', 1, waitMs], waitMs + 2000)) as number;
  }

  async get(key: string): Promise<string | null> {
    return (await this.keyed(key, ['GET', key])).reply as string | null;
  }

  /** Replaces the seed list (e.g. after a node was killed). */
  reseed(seeds: readonly Address[]): void {
    this.seeds = seeds;
  }

  close(): void {
    for (const address of [...this.connections.keys()]) this.drop(address);
  }
}
