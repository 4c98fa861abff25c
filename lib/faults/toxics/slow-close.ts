import {
  checkDirection,
  checkNonNegative,
  sleepUnlessAborted,
  type DirectionSpec,
  type Toxic,
} from "../toxic";

export interface SlowCloseSettings {
  /** How long a FIN is held before it is forwarded, in ms. */
  delayMs: number;
  /** Default "both". */
  direction?: DirectionSpec;
}

/** Delays the FIN (end of stream) after all data, like Toxiproxy's slow_close. */
export function slowClose(settings: SlowCloseSettings): Toxic {
  const delayMs = checkNonNegative(settings.delayMs, "slowClose: delayMs");
  const direction = checkDirection(settings.direction ?? "both", "slowClose");
  return {
    type: "slow-close",
    direction,
    params: { delayMs, direction },
    stream: () => ({
      end: (ctx) => sleepUnlessAborted(delayMs, ctx.signal),
    }),
  };
}
