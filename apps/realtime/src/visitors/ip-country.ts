import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * IP → ISO country code from an offline database shipped in an npm package:
 * @ip-location-db/geo-whois-asn-country (CC0-1.0, redistributable), its numeric CSVs of
 * `start,end,country` ranges, sorted. Loaded on the first public address (about a second of
 * startup spared for processes that only ever see loopback), then a binary search per lookup.
 * IPv6 ranges are kept by their top 64 bits (the database's ranges are /64 or wider, or nearly all).
 */
export interface IpCountryLookup {
  countryCode(ip: string): string | null;
}

interface RangeTable {
  starts: Float64Array | BigUint64Array;
  ends: Float64Array | BigUint64Array;
  codes: string[];
}

const packageName = '@ip-location-db/geo-whois-asn-country';

export function createIpCountryLookup(): IpCountryLookup {
  let ipv4: RangeTable | undefined;
  let ipv6: RangeTable | undefined;
  return {
    countryCode(ip) {
      const address = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
      if (isIPv4(address)) {
        const value = ipv4Number(address);
        if (isPrivateIpv4(value)) return null;
        ipv4 ??= loadTable('ipv4', (text) => Number(text));
        return find(ipv4, value);
      }
      if (isIPv6(address)) {
        const top = ipv6Top64(address);
        if (top === null) return null;
        ipv6 ??= loadTable('ipv6', (text) => BigInt(text) >> 64n);
        return find(ipv6, top);
      }
      return null;
    },
  };
}

function loadTable(family: 'ipv4' | 'ipv6', read: (text: string) => number | bigint): RangeTable {
  const require = createRequire(import.meta.url);
  const folder = require.resolve(`${packageName}/package.json`).replace(/package\.json$/, '');
  const lines = readFileSync(`${folder}geo-whois-asn-country-${family}-num.csv`, 'utf8').split('\n');
  const rows = lines.filter((line) => line.length > 0);
  const starts = family === 'ipv4' ? new Float64Array(rows.length) : new BigUint64Array(rows.length);
  const ends = family === 'ipv4' ? new Float64Array(rows.length) : new BigUint64Array(rows.length);
  const codes: string[] = new Array(rows.length);
  rows.forEach((row, index) => {
    const [start, end, code] = row.split(',') as [string, string, string];
    (starts as unknown as Array<number | bigint>)[index] = read(start);
    (ends as unknown as Array<number | bigint>)[index] = read(end);
    codes[index] = code.trim();
  });
  return { starts, ends, codes };
}

function find(table: RangeTable, value: number | bigint): string | null {
  let low = 0;
  let high = table.starts.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if ((table.starts[middle] as number | bigint) > value) high = middle - 1;
    else if ((table.ends[middle] as number | bigint) < value) low = middle + 1;
    else return table.codes[middle] ?? null;
  }
  return null;
}

function ipv4Number(address: string): number {
  return address.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

// Loopback, private, link-local, CGNAT: no country, and no need to load the database.
function isPrivateIpv4(value: number): boolean {
  const first = Math.floor(value / 16_777_216);
  const second = Math.floor(value / 65_536) % 256;
  return (
    first === 0 ||
    first === 10 ||
    first === 127 ||
    (first === 100 && second >= 64 && second < 128) ||
    (first === 169 && second === 254) ||
    (first === 172 && second >= 16 && second < 32) ||
    (first === 192 && second === 168)
  );
}

function ipv6Top64(address: string): bigint | null {
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  if (tailGroups.some((group) => group.includes('.'))) return null;
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...new Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  if (groups.length !== 8) return null;
  const first = Number.parseInt(groups[0] as string, 16);
  // Loopback, unspecified, unique-local (fc00::/7) and link-local (fe80::/10): no country.
  if (groups.slice(0, 4).every((group) => Number.parseInt(group, 16) === 0)) return null;
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return null;
  return groups.slice(0, 4).reduce((value, group) => (value << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}
