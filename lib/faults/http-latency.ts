/**
 * Added latency for the HTTP fault proxy, drawn per request from a distribution with a seeded
 * generator: fixed, uniform, or long-tailed (exponential, Pareto) — the tail is what trips
 * timeouts and breakers. Draws are capped (`maxMs`) so one unlucky request cannot outlast a run.
 */
import { z } from "zod";
import type { Rng } from "./rng";

const ms = z.number().int().min(0).max(60_000);

export const latencyDistributionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("fixed"), ms }),
  z.strictObject({ kind: z.literal("uniform"), minMs: ms, maxMs: ms }).refine((d) => d.minMs <= d.maxMs, { message: "minMs must not exceed maxMs", path: ["minMs"] }),
  z.strictObject({ kind: z.literal("exponential"), meanMs: ms.min(1), maxMs: ms.optional() }),
  /** Pareto: at least `minMs`, heavier tail for smaller `alpha` (alpha ≤ 1 has no mean). */
  z.strictObject({ kind: z.literal("pareto"), minMs: ms.min(1), alpha: z.number().min(0.1).max(10), maxMs: ms.optional() }),
]);

export type LatencyDistribution = z.infer<typeof latencyDistributionSchema>;

const DEFAULT_CAP_MS = 30_000;

/** A function drawing whole milliseconds from `d` (one `rng()` per draw, none for fixed). */
export function latencySampler(d: LatencyDistribution, rng: Rng): () => number {
  const cap = (x: number, max = DEFAULT_CAP_MS) => Math.min(max, Math.round(x));
  switch (d.kind) {
    case "fixed":
      return () => d.ms;
    case "uniform":
      return () => cap(d.minMs + rng() * (d.maxMs - d.minMs));
    case "exponential":
      return () => cap(-d.meanMs * Math.log(1 - rng()), d.maxMs);
    case "pareto":
      return () => cap(d.minMs / Math.pow(1 - rng(), 1 / d.alpha), d.maxMs);
  }
}
