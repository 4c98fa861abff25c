/**
 * Faults for labs, one small file each (after Toxiproxy's toxics and Jepsen's nemeses).
 *
 * Network — a TCP proxy in front of each node; toxics are added and removed at run time:
 *   const proxy = await createProxy({ upstream: { port: nodePort }, seed });
 *   proxy.add(partition({ direction: "both" }));          // or "upstream" / "downstream"
 *   proxy.add(latency({ latencyMs: 50, jitterMs: 10, seed }), { toxicity: 0.5 });
 *   proxy.remove("partition");                              // heal
 *   Toxics: latency, partition, blackhole, resetPeer, slowClose, lie (Byzantine rewrite).
 * HTTP — createDropResponseProxy: the server commits, the client never hears.
 *   createHttpFaultProxy: error rate, latency distributions, outage, slow answers and
 *   drop-response in front of an HTTP service, switched on and off at run time.
 * Processes (handles from @/lib/procs) — crash, restart, pause, resume.
 * Clocks — createSkewedClock in-process; clockFromEnv / clockEnv / createClockFile for children.
 * Schedules — JSON data validated by parseFaultSchedule, run by runFaultSchedule against a
 *   map of named targets ({ proc, proxy, lie, clock, http, api }; see FaultTarget).
 */
export {
  createProxy,
  type TcpProxy,
  type ProxyOptions,
  type AddToxicOptions,
  type ToxicInfo,
  type Upstream,
} from "./tcp-proxy";
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
export { messageFaults, type MessageFaultSettings } from "./toxics/message-faults";
export {
  createDropResponseProxy,
  type DropResponseProxy,
  type DropResponseOptions,
} from "./http-drop-response";
export {
  createHttpFaultProxy,
  type HttpFaultProxy,
  type HttpFaultProxyOptions,
  type HttpDecision,
} from "./http-faults";
export {
  httpFaultSettings,
  httpFaultKinds,
  parseHttpFault,
  type HttpFault,
  type HttpFaultKind,
} from "./http-fault-settings";
export { latencySampler, latencyDistributionSchema, type LatencyDistribution } from "./http-latency";
export { FAULT_HEADER, REACHED_HEADER } from "./http-fault-headers";
export { crash } from "./crash";
export { restart, type RestartOptions } from "./restart";
export { pause, resume, isPaused } from "./pause";
export {
  createSkewedClock,
  clockFromEnv,
  clockEnv,
  createClockFile,
  CLOCK_OFFSET_ENV,
  CLOCK_DRIFT_ENV,
  CLOCK_FILE_ENV,
  type Clock,
  type ClockControl,
  type SkewedClock,
  type ClockFile,
} from "./clock-skew";
export {
  faultKinds,
  faultKindNames,
  type FaultKind,
  type FaultKindName,
  type FaultTarget,
  type FaultTargets,
  type ProcSlot,
  type Capability,
} from "./fault-kinds";
export {
  faultScheduleSchema,
  parseFaultSchedule,
  assertFaultSchedule,
  formatScheduleIssues,
  type FaultEntry,
  type FaultSchedule,
  type ScheduleBounds,
  type ParseScheduleResult,
} from "./schedule";
export {
  runFaultSchedule,
  type RunScheduleOptions,
  type FaultRunReport,
} from "./run-fault-schedule";
export { randomFaultSchedule, type RandomScheduleOptions } from "./random-schedule";
export { mulberry32, randInt, pick, type Rng } from "./rng";
