/** The replica map's model on literal event lists: the standard state events, faults and messages, at any moment. */
import { describe, expect, it } from "vitest";
import { applyEvents, emptyModel, type StreamedEvent } from "@/components/labs/run-model";
import { hasNodeStates, isMapEvent, mapMoments, replicaMapAt, type MapEvent, type ReplicaMap } from "@/components/labs/replica-map-model";

const up = (t: number, subject: string, detail?: Record<string, unknown>): MapEvent => ({ kind: "state", t, subject, state: "up", ...(detail ? { detail } : {}) });
const state = (t: number, subject: string, s: string, detail?: Record<string, unknown>): MapEvent => ({ kind: "state", t, subject, state: s, ...(detail ? { detail } : {}) });
const fault = (t: number, f: string, action: "start" | "stop", target: string, detail: Record<string, unknown> = {}): MapEvent => ({ kind: "fault", t, fault: f, action, target, detail });
const msg = (t: number, phase: "send" | "recv" | "lost", from: string, to: string, msgId?: number): MapEvent => ({ kind: "message", t, phase, from, to, type: "gossip", msgId, body: { type: "gossip" } });

const states = (m: ReplicaMap) => Object.fromEntries(m.nodes.map((n) => [n.id, n.state]));
const cutOff = (m: ReplicaMap) => m.nodes.filter((n) => n.cutOff).map((n) => n.id);

/** What the quorum lab's predict task emits: n4 crashes and n5 is partitioned, then the heal. */
const quorumRun: MapEvent[] = [
  ...["n1", "n2", "n3", "n4", "n5"].map((id, i) => up(100 + i * 0.1, id, { pid: 10 + i, applyLagMs: 0 })),
  fault(400, "partition", "start", "n5", { direction: "both", index: 0 }),
  state(403, "n4", "down", { signal: "SIGKILL" }),
  fault(404, "crash", "start", "n4", { index: 1 }),
  fault(1600, "crash", "stop", "n4", { index: 1, aborted: true }),
  fault(1601, "partition", "stop", "n5", { direction: "both", index: 0, aborted: true }),
  up(1700, "n4", { pid: 99, restarted: true }),
  ...["n1", "n2", "n3", "n4", "n5"].map((id) => state(2500, id, "stopped")),
];

describe("replicaMapAt", () => {
  it("shows the quorum run at each moment: all up, n4 down and n5 cut off, healed, stopped", () => {
    expect(states(replicaMapAt(quorumRun, 50))).toEqual({ n1: "unknown", n2: "unknown", n3: "unknown", n4: "unknown", n5: "unknown" });
    const start = replicaMapAt(quorumRun, 200);
    expect(states(start)).toEqual({ n1: "up", n2: "up", n3: "up", n4: "up", n5: "up" });
    expect(cutOff(start)).toEqual([]);
    const faulted = replicaMapAt(quorumRun, 1000);
    expect(states(faulted)).toMatchObject({ n4: "down", n5: "up" });
    expect(cutOff(faulted)).toEqual(["n5"]);
    // The crash's stop alone does not bring n4 back: the lab's `up` does.
    expect(states(replicaMapAt(quorumRun, 1650))).toMatchObject({ n4: "down" });
    expect(cutOff(replicaMapAt(quorumRun, 1650))).toEqual([]);
    expect(states(replicaMapAt(quorumRun, 1800))).toMatchObject({ n4: "up" });
    const final = replicaMapAt(quorumRun);
    expect(final.t).toBe(2500);
    expect(new Set(Object.values(states(final)))).toEqual(new Set(["stopped"]));
    expect(final.links).toEqual([]);
  });

  it("places nodes in id order, n10 after n9", () => {
    expect(replicaMapAt([up(0, "n10"), up(0, "n9"), up(0, "n1")]).nodes.map((n) => n.id)).toEqual(["n1", "n9", "n10"]);
  });

  it("keeps each node's value, version, vector and clock offset from its detail", () => {
    const m = replicaMapAt([
      up(0, "n1", { value: 3, version: 7, vector: { n1: 2, n2: 0 }, clockOffsetMs: -40, pid: 1 }),
      up(5, "n1", { value: 4 }),
      up(5, "n2", { vector: "not a vector", version: { no: 1 } }),
    ]);
    expect(m.nodes[0]).toEqual({ id: "n1", state: "up", cutOff: false, value: 4, version: 7, vector: { n1: 2, n2: 0 }, clockOffsetMs: -40 });
    expect(m.nodes[1]).toEqual({ id: "n2", state: "up", cutOff: false });
  });

  it("pauses and clock skew come from the fault schedule's events", () => {
    const events = [
      up(0, "n1"),
      up(0, "n2"),
      fault(10, "pause", "start", "n1", { index: 0 }),
      fault(10, "clock-skew", "start", "n2", { offsetMs: 250, index: 1 }),
      fault(20, "pause", "stop", "n1", { index: 0, endedBy: 2 }),
      fault(30, "clock-skew", "stop", "n2", { offsetMs: 250, index: 1 }),
    ];
    expect(replicaMapAt(events, 15).nodes).toEqual([
      { id: "n1", state: "paused", cutOff: false },
      { id: "n2", state: "up", cutOff: false, clockOffsetMs: 250 },
    ]);
    expect(replicaMapAt(events, 25).nodes[0]!.state).toBe("up");
    expect(replicaMapAt(events).nodes[1]!.clockOffsetMs).toBe(0);
  });

  it("a lying node and a slow one are marked while their faults last, and nothing is left after", () => {
    const events = [up(0, "n1"), up(0, "n2"), fault(5, "lie", "start", "n1"), fault(10, "latency", "start", "n2", { latencyMs: 3000 }), fault(20, "latency", "stop", "n2"), fault(30, "lie", "stop", "n1")];
    expect(replicaMapAt(events, 15).nodes).toEqual([
      { id: "n1", state: "up", cutOff: false, lying: true },
      { id: "n2", state: "up", cutOff: false, slowMs: 3000 },
    ]);
    expect(replicaMapAt(events, 25).nodes[1]).toEqual({ id: "n2", state: "up", cutOff: false });
    expect(replicaMapAt(events).nodes[0]).toEqual({ id: "n1", state: "up", cutOff: false });
  });

  it("a node stays cut off until its last overlapping partition or blackhole ends", () => {
    const events = [up(0, "n1"), fault(1, "partition", "start", "n1", { index: 0 }), fault(2, "blackhole", "start", "n1", { index: 1 }), fault(3, "partition", "stop", "n1", { index: 0 })];
    expect(cutOff(replicaMapAt(events))).toEqual(["n1"]);
    expect(cutOff(replicaMapAt([...events, fault(4, "blackhole", "stop", "n1", { index: 1 })]))).toEqual([]);
  });

  it("links are cut by their state events or by a partition on the link", () => {
    const events = [up(0, "n1"), up(0, "n2"), state(1, "n1→n2", "cut"), state(1, "n2->n1", "cut"), fault(2, "partition", "start", "n2→n1", { index: 0 })];
    expect(replicaMapAt(events).links).toEqual([
      { from: "n1", to: "n2", cut: true, inFlight: 0 },
      { from: "n2", to: "n1", cut: true, inFlight: 0 },
    ]);
    const healed = replicaMapAt([...events, state(3, "n1→n2", "ok"), state(3, "n2→n1", "ok")]);
    expect(healed.links).toEqual([{ from: "n2", to: "n1", cut: true, inFlight: 0 }]);
  });

  it("counts messages in flight per link until received or lost", () => {
    const events = [up(0, "n1"), up(0, "n2"), msg(1, "send", "n1", "n2", 1), msg(1, "send", "n1", "n2", 2), msg(2, "send", "n2", "n1", 1), msg(3, "recv", "n1", "n2", 2), msg(4, "lost", "n2", "n3", 5)];
    const m = replicaMapAt(events);
    expect(m.links).toEqual([
      { from: "n1", to: "n2", cut: false, inFlight: 1 },
      { from: "n2", to: "n1", cut: false, inFlight: 1 },
    ]);
    expect(m).toMatchObject({ inFlight: 2, lost: 1 });
    expect(replicaMapAt(events, 1.5).inFlight).toBe(2);
    expect(replicaMapAt([...events, msg(5, "recv", "n1", "n2", 1), msg(5, "recv", "n2", "n1", 1)]).inFlight).toBe(0);
  });

  it("messages to a node that dies, or into a link that heals, are counted lost, not in flight forever", () => {
    const toDead = replicaMapAt([up(0, "n1"), up(0, "n2"), msg(1, "send", "n1", "n2", 1), state(2, "n2", "down")]);
    expect(toDead).toMatchObject({ inFlight: 0, lost: 1 });
    const cut = [up(0, "n1"), up(0, "n2"), state(1, "n1→n2", "cut"), msg(2, "send", "n1", "n2", 1)];
    expect(replicaMapAt(cut)).toMatchObject({ inFlight: 1, lost: 0 });
    expect(replicaMapAt([...cut, state(3, "n1→n2", "ok")])).toMatchObject({ inFlight: 0, lost: 1 });
    // A message fault drops silently; when it ends, what never arrived is lost.
    const dropping = [up(0, "n1"), up(0, "n2"), fault(1, "messages", "start", "n1→n2", { drop: 1, index: 0 }), msg(2, "send", "n1", "n2", 1)];
    expect(replicaMapAt(dropping)).toMatchObject({ inFlight: 1, lost: 0 });
    expect(replicaMapAt([...dropping, fault(3, "messages", "stop", "n1→n2", { drop: 1, index: 0 })])).toMatchObject({ inFlight: 0, lost: 1 });
  });
});

describe("which runs get a map", () => {
  it("keeps node, link, drawn-fault and node-to-node message events only", () => {
    expect(isMapEvent({ kind: "state", t: 0, subject: "bucket:u1", state: "3.0 tokens" })).toBe(false);
    expect(isMapEvent({ kind: "state", t: 0, subject: "counter", state: "7" })).toBe(false);
    expect(isMapEvent(fault(0, "reset", "start", "n1"))).toBe(false);
    expect(isMapEvent(fault(0, "drop-response", "start", "api"))).toBe(false);
    expect(isMapEvent({ kind: "message", t: 0, phase: "send", from: "n1", to: "c1", type: "read_ok", body: { type: "read_ok" } })).toBe(false);
    expect(isMapEvent(msg(0, "send", "n1", "n2", 1))).toBe(true);
    expect(isMapEvent(fault(0, "crash", "start", "n3"))).toBe(true);
  });

  it("a token-bucket run has no node states; a quorum run has", () => {
    const model = applyEvents(emptyModel(), [
      { seq: 1, kind: "state", t: 0, subject: "bucket:u1", state: "3.0 tokens", detail: { tokens: 3 } },
      { seq: 2, kind: "metric", t: 0, counters: { admitted: 1 } },
    ] satisfies StreamedEvent[]);
    expect(model.mapEvents).toEqual([]);
    expect(hasNodeStates(model.mapEvents)).toBe(false);
    // Faults on nodes alone do not make a map: the nodes must report.
    expect(hasNodeStates([fault(0, "crash", "start", "n1")])).toBe(false);
    const quorum = applyEvents(emptyModel(), quorumRun.map((e, i) => ({ ...e, seq: i + 1 })));
    expect(quorum.mapEvents).toHaveLength(quorumRun.length);
    expect(hasNodeStates(quorum.mapEvents)).toBe(true);
  });
});

describe("mapMoments", () => {
  it("steps by change: events close together are one change, messages are not steps", () => {
    expect(mapMoments(quorumRun)).toEqual([100.4, 404, 1601, 1700, 2500]);
    expect(mapMoments([msg(1, "send", "n1", "n2", 1), up(0, "n1")])).toEqual([0]);
  });
});
