/**
 * mulberry32: a tiny seeded PRNG, so one seed replays the same jitter and the same random
 * schedule. Hand-written because it is six lines and we need exactly this sequence to be
 * stable across library upgrades (recorded runs replay by seed).
 */
export type Rng = () => number;

// One implementation for the whole project: lab workloads use the same generator.
import { mulberry32 as labMulberry32 } from "@/lib/labs/rng";

export const mulberry32: (seed: number) => Rng = labMulberry32;

/** Uniform integer in [min, max] (inclusive). */
export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** One element of a non-empty list. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick: the list is empty");
  return items[Math.floor(rng() * items.length)] as T;
}
