/**
 * The strategies the chapter names, as a student would write `delay`: the implement task's
 * verdict table tries each, and the predict task runs two of them side by side.
 * d = min(cap, base · 2^k) is the exponential delay of retry k.
 */
const fn = (body: string) => `export function delay(k: number, previousMs: number, u: number, c: { baseMs: number; capMs: number }): number {\n  ${body}\n}\n`;

export const STRATEGIES = {
  "no backoff": fn("return c.baseMs;"),
  "backoff, no jitter": fn("return Math.min(c.capMs, c.baseMs * 2 ** k);"),
  "full jitter": fn("return u * Math.min(c.capMs, c.baseMs * 2 ** k);"),
  "equal jitter": fn("const d = Math.min(c.capMs, c.baseMs * 2 ** k);\n  return d / 2 + u * (d / 2);"),
  "decorrelated jitter": fn("return Math.min(c.capMs, c.baseMs + u * (Math.max(c.baseMs, previousMs * 3) - c.baseMs));"),
} as const;

export type StrategyName = keyof typeof STRATEGIES;
