import { checkDirection, type DirectionSpec, type Toxic } from "../toxic";

export interface BlackholeSettings {
  /** Default "both". */
  direction?: DirectionSpec;
}

/**
 * Accepts connections but never forwards: the client's bytes vanish and no reply comes,
 * yet the connection stays open (no reset, no FIN) — the slow death a timeout must catch.
 * Unlike a two-way partition, new connections still reach the node (its accept queue fills
 * with connections that never carry a request). Connections that lost bytes are reset
 * when the toxic is removed.
 */
export function blackhole(settings: BlackholeSettings = {}): Toxic {
  const direction = checkDirection(settings.direction ?? "both", "blackhole");
  return {
    type: "blackhole",
    direction,
    params: { direction },
    stream: () => ({ chunk: () => null }),
  };
}
