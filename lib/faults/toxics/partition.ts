import { checkDirection, type DirectionSpec, type Toxic } from "../toxic";

export interface PartitionSettings {
  /**
   * "both": nothing passes either way, and new connections are not connected through (as if
   * SYNs were lost). "upstream": client → node bytes are lost (requests never arrive).
   * "downstream": node → client bytes are lost (the node acts, the client never hears).
   */
  direction?: DirectionSpec;
}

/**
 * A network partition between the client side and the node, one-way or two-way. Bytes that
 * hit it are dropped; when it heals, connections that lost bytes are reset (the way a TCP
 * connection times out across a long partition) and new connections work again.
 */
export function partition(settings: PartitionSettings = {}): Toxic {
  const direction = checkDirection(settings.direction ?? "both", "partition");
  return {
    type: "partition",
    direction,
    params: { direction },
    holdsConnect: direction === "both",
    stream: () => ({ chunk: () => null }),
  };
}
