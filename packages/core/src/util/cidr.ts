/** IPv4 CIDR parsing and overlap checks for the fleet's VPC, pod and service ranges. */

/** A parsed IPv4 CIDR block: the first address as an unsigned 32-bit integer and the prefix length. */
export interface Ipv4Cidr {
  /** The address as written, as an unsigned 32-bit integer. */
  address: number;
  prefix: number;
  /** First address of the block (host bits cleared). */
  first: number;
  /** Last address of the block. */
  last: number;
}

/** The outcome of parsing a CIDR: the block, or why the text is not one. */
export type CidrParseResult = { ok: true; cidr: Ipv4Cidr } | { ok: false; reason: string };

const SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/p` strictly: decimal octets 0-255 without leading zeros, prefix 0-32. */
export function parseIpv4Cidr(text: string): CidrParseResult {
  const m = SHAPE.exec(text);
  if (!m) return { ok: false, reason: 'not of the form a.b.c.d/prefix' };
  const parts = m.slice(1, 6);
  for (const p of parts) {
    if (p.length > 1 && p.startsWith('0')) return { ok: false, reason: `"${p}" has a leading zero` };
  }
  const octets = parts.slice(0, 4).map(Number);
  const bad = octets.find((o) => o > 255);
  if (bad !== undefined) return { ok: false, reason: `octet ${bad} is greater than 255` };
  const prefix = Number(parts[4]);
  if (prefix > 32) return { ok: false, reason: `prefix /${prefix} is greater than 32` };
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(address / size) * size;
  return { ok: true, cidr: { address, prefix, first, last: first + size - 1 } };
}

/** Dotted-quad form of an unsigned 32-bit address. */
export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** The canonical network form of a block, e.g. `10.0.0.0/16` for `10.0.3.4/16`. */
export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.first)}/${cidr.prefix}`;
}

/** Whether the address as written has host bits set (it is not the network address). */
export function hasHostBits(cidr: Ipv4Cidr): boolean {
  return cidr.address !== cidr.first;
}

/** Whether two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}
