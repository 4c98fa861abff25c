import { mulberry32 } from "../rng";
import {
  checkDirection,
  checkNonNegative,
  sleepUnlessAborted,
  type DirectionSpec,
  type Toxic,
} from "../toxic";

export interface LatencySettings {
  /** Added delay per chunk, in ms. */
  latencyMs: number;
  /** Each chunk's delay is latencyMs ± up to jitterMs (uniform, seeded). Default 0. */
  jitterMs?: number;
  /** Default "both" (a round trip pays it twice). */
  direction?: DirectionSpec;
  /** Seeds the jitter so a run replays. Default 1. */
  seed?: number;
}

/**
 * Delays every chunk, like Toxiproxy's latency toxic: the delay counts from when the chunk
 * arrived, so chunks queued behind a slow one are not delayed twice, and order is kept.
 * Removing the toxic releases held chunks at once.
 */
export function latency(settings: LatencySettings): Toxic {
  const latencyMs = checkNonNegative(settings.latencyMs, "latency: latencyMs");
  const jitterMs = checkNonNegative(settings.jitterMs ?? 0, "latency: jitterMs");
  const direction = checkDirection(settings.direction ?? "both", "latency");
  const rng = mulberry32(settings.seed ?? 1);
  return {
    type: "latency",
    direction,
    params: { latencyMs, jitterMs, direction },
    stream: () => ({
      async chunk(data, ctx) {
        const delay = Math.max(0, latencyMs + (rng() * 2 - 1) * jitterMs);
        await sleepUnlessAborted(ctx.arrivedAt + delay - performance.now(), ctx.signal);
        return data;
      },
    }),
  };
}
