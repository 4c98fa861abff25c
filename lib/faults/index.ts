/**
 * Faults for labs, one small file each (after Toxiproxy's toxics and Jepsen's nemeses).
 *
 * Network — a TCP proxy in front of each node, toxics added and removed at run time:
 *   const proxy = await createProxy({ upstream: { port: nodePort }, seed });
 *   proxy.add(partition({ direction: "both" }));        // or "upstream" / "downstream"
 *   proxy.add(latency({ latencyMs: 50, jitterMs: 10, seed }), { toxicity: 0.5 });
 *   proxy.remove("partition");                            // heal
 * Toxics: latency, partition, blackhole, resetPeer, slowClose, lie (Byzantine rewrite).
 */
export { createProxy, type TcpProxy, type ProxyOptions, type AddToxicOptions, type ToxicInfo, type Upstream } from "./tcp-proxy";
export {
  sleepUnlessAborted,
  type Toxic,
  type ToxicStream,
  type ChunkContext,
  type ConnectionControl,
  type Direction,
  type DirectionSpec,
} from "./toxic";
export { latency, type LatencySettings } from "./toxics/latency";
export { partition, type PartitionSettings } from "./toxics/partition";
export { blackhole, type BlackholeSettings } from "./toxics/blackhole";
export { resetPeer, type ResetPeerSettings } from "./toxics/reset-peer";
export { slowClose, type SlowCloseSettings } from "./toxics/slow-close";
export { lie, rewriteJsonLines, type LieSettings, type LieContext } from "./toxics/lie";
export { mulberry32, randInt, pick, type Rng } from "./rng";
