import { isIPv4 } from 'node:net';

/**
 * What is wrong with an IPv6 address in text form (RFC 4291 section 2.2, without a
 * zone), or undefined when it is well formed. The answer names the offending piece,
 * so error messages can quote it: inet_pton only says "invalid".
 */
export function ipv6LiteralProblem(text: string): string | undefined {
  if (text === '') return 'it is empty';
  const bad = /[^0-9A-Fa-f:.]/.exec(text);
  if (bad) return `"${bad[0]}" is not a hexadecimal digit, ":" or "."`;

  const compressions = text.split('::').length - 1;
  if (compressions > 1) return '"::" may appear only once';
  if (/:::/.test(text)) return '":::" is not allowed; "::" stands for any run of zero groups';
  if (text.startsWith(':') && !text.startsWith('::')) return 'it starts with a single ":"';
  if (text.endsWith(':') && !text.endsWith('::')) return 'it ends with a single ":"';

  // After the checks above, empty pieces only come from the one "::".
  const groups = text.split(':').filter((group) => group !== '');
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    if (group.includes('.')) {
      // An embedded IPv4 address (::ffff:192.0.2.1) counts as two groups and must come last.
      if (i !== groups.length - 1) return `the IPv4 part "${group}" must come last`;
      if (!isIPv4(group)) return `"${group}" is not a valid IPv4 address (four numbers from 0 to 255)`;
      count += 2;
    } else {
      if (group.length > 4) return `the group "${group}" has more than 4 hexadecimal digits`;
      count += 1;
    }
  }
  if (compressions === 1) {
    if (count > 7) return `it has ${count} groups besides "::", which must stand for at least one`;
  } else if (count !== 8) {
    return `it has ${count} groups of 16 bits instead of 8 (use "::" for a run of zeros)`;
  }
  return undefined;
}

/** The eight 16-bit groups of a well-formed IPv6 address, or undefined when it is malformed. */
export function ipv6Groups(text: string): number[] | undefined {
  if (ipv6LiteralProblem(text) !== undefined) return undefined;
  const toGroups = (side: string): number[] =>
    side === ''
      ? []
      : side.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head, tail] = text.split('::');
  if (tail === undefined) return toGroups(head);
  const left = toGroups(head);
  const right = toGroups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`), or undefined. */
export function mappedIpv4(text: string): string | undefined {
  const groups = ipv6Groups(text);
  if (!groups || groups.slice(0, 5).some((group) => group !== 0) || groups[5] !== 0xffff) return undefined;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}
