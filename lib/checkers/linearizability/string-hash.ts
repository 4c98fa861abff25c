/**
 * Polynomial string hash modulo 2^32, composable under concatenation:
 * hash(a + b) = hash(a) * power(b) + hash(b), so appends update it in O(|b|).
 */
const BASE = 0x01000193;

export function stringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/** BASE^length modulo 2^32: the factor by which appending `text` multiplies a hash. */
export function stringHashPower(text: string): number {
  let p = 1;
  for (let i = 0; i < text.length; i++) p = Math.imul(p, BASE);
  return p;
}

export function concatHash(left: number, rightHash: number, rightPower: number): number {
  return (Math.imul(left, rightPower) + rightHash) | 0;
}
