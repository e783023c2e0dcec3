// bench sends load only to this machine: a load generator pointed at someone else's server
// is an attack, so anything that is not a loopback address is refused before a byte is sent.
import { lookup } from 'node:dns/promises';
import net from 'node:net';

/** True for 127.0.0.0/8 and ::1 (and ::ffff:127.x.y.z, the same address seen through IPv6). */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIPv4(bare)) return bare.split('.')[0] === '127';
  if (!net.isIPv6(bare)) return false;
  if (bare === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(bare)) return true;
  // WHATWG URL parsing writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):[0-9a-f]{1,4})$/.exec(bare);
  if (!mapped) return false;
  return mapped[1] !== undefined ? isLoopbackAddress(mapped[1]) : (parseInt(mapped[2]!, 16) >> 8) === 127;
}

/** "localhost" is loopback by convention only: check what it resolves to on this machine. */
export async function resolvesToLoopback(hostname: string): Promise<boolean> {
  if (isLoopbackAddress(hostname)) return true;
  if (hostname.toLowerCase() !== 'localhost') return false;
  try {
    const addresses = await lookup(hostname, { all: true });
    return addresses.length > 0 && addresses.every((a) => isLoopbackAddress(a.address));
  } catch {
    return false;
  }
}
