/**
 * The lab catalogue (from the product spec), the one list of labs a chapter may embed before they are
 * built: its "coming soon" card shows these facts, and the authoring check accepts these ids.
 */
export interface PlannedLab {
  id: string;
  title: string;
  system: string;
  faults: string;
  gradedOn: string;
}

export const PLANNED_LABS: readonly PlannedLab[] = [
  { id: "quorum", title: "Leaderless quorums", system: "N replica processes, leaderless, W/R", faults: "crash, partition, latency", gradedOn: "linearizability of the history; availability during faults" },
  { id: "stale-read", title: "Break it: a stale read", system: "leaderless replicas with W=1 R=1", faults: "your own fault schedule", gradedOn: "the checker finds a stale read" },
  { id: "lww-skew", title: "Last write wins under clock skew", system: "replicas with per-node clocks", faults: "clock skew, concurrent writes", gradedOn: "lost updates" },
  { id: "vector-clocks", title: "Vector clocks", system: "replicas with per-node clocks", faults: "clock skew, concurrent writes", gradedOn: "concurrent writes kept as siblings" },
  { id: "crdt-counter", title: "A CRDT counter", system: "replicas gossiping a counter", faults: "partition, duplicate and reordered delivery", gradedOn: "convergence, no lost increments; merge laws" },
  { id: "read-repair", title: "Read repair", system: "replicas with repair on read", faults: "partition then heal", gradedOn: "convergence after reads" },
  { id: "read-your-writes", title: "Read your writes", system: "leader + lagging followers", faults: "replica lag", gradedOn: "zero read-your-writes violations per session" },
  { id: "leader-follower", title: "Leader-follower replication", system: "leader, followers async/sync/semi-sync", faults: "leader crash after ack, failover", gradedOn: "acknowledged writes lost; write latency" },
  { id: "byzantine", title: "Byzantine replicas", system: "N replicas, f of them lying", faults: "arbitrary replies", gradedOn: "the client returns only correct values" },
  { id: "token-bucket", title: "Token bucket rate limiter", system: "limiter in Redis (atomic script)", faults: "bursts, noisy neighbour", gradedOn: "every decision against an exact bucket; admitted count in every window; per-user fairness" },
  { id: "sliding-window", title: "Fixed vs sliding window", system: "fixed window vs sorted-set log in Redis", faults: "boundary bursts, parallel clients", gradedOn: "max admitted in any rolling window" },
  { id: "circuit-breaker", title: "Circuit breaker", system: "breaker before a real flaky HTTP service", faults: "error rate, latency, recovery", gradedOn: "state timeline, fail-fast latency, min volume" },
  { id: "retry-jitter", title: "Retries with jitter", system: "many clients retrying into an outage", faults: "outage then recovery", gradedOn: "peak arrivals per 100 ms, completions" },
  { id: "idempotency", title: "Idempotency keys", system: "payment API with dedup store", faults: "responses dropped after commit", gradedOn: "exactly-once charges, dedup window" },
];

export function plannedLab(id: string): PlannedLab | undefined {
  return PLANNED_LABS.find((lab) => lab.id === id);
}
