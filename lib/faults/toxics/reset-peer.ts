import { checkNonNegative, sleepUnlessAborted, type Toxic } from "../toxic";

export interface ResetPeerSettings {
  /** Reset each connection this long after it is seen (0 = at once). Default 0. */
  afterMs?: number;
}

/**
 * Resets connections with a TCP RST (socket.resetAndDestroy), like Toxiproxy's reset_peer:
 * open connections when the toxic starts, new ones while it is active. Clients see
 * ECONNRESET rather than a clean end.
 */
export function resetPeer(settings: ResetPeerSettings = {}): Toxic {
  const afterMs = checkNonNegative(settings.afterMs ?? 0, "resetPeer: afterMs");
  return {
    type: "reset-peer",
    direction: "both",
    params: { afterMs },
    onConnection(conn, signal) {
      void sleepUnlessAborted(afterMs, signal).then(() => {
        if (!signal.aborted) conn.reset();
      });
    },
  };
}
