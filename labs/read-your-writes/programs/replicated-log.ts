/**
 * The nodes' program. n1 is the leader: a write gets the next log position, is applied at
 * once, acknowledged with its position, and shipped to the followers (asynchronous
 * replication: the ack does not wait for them). A follower applies entries in log order.
 * A read names a key and optionally `minPosition`: a node that has applied less holds the
 * read until it has (answering the moment the entry arrives) or, past READ_WAIT, answers
 * "behind". Every reply carries the node's applied position; a read also carries the
 * position of the write it returns (`version`, 0 for a key never written).
 */
import { LEADER, READ_WAIT_MS as READ_WAIT } from "../settings";

type Cell = { value: string; version: number };
type Waiting = { client: string; msgId: number; key: string; minPosition: number; deadline: number };
type State = { id: string; leader: string; followers: string[]; applied: number; data: Record<string, Cell>; waiting: Waiting[]; early: Entry[] };
type Entry = { position: number; key: string; value: string };
type Body = { type: string; msg_id?: number; key?: string; value?: string; minPosition?: number; position?: number };
type Message = { src: string; body: Body };
type Send = { dest: string; body: Record<string, unknown> };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, leader: LEADER, followers: node.nodeIds.filter((n) => n !== LEADER), applied: 0, data: {}, waiting: [], early: [] };
}

const readOk = (s: State, w: { client: string; msgId: number; key: string }): Send => {
  const cell = s.data[w.key];
  return { dest: w.client, body: { type: "read_ok", in_reply_to: w.msgId, key: w.key, value: cell?.value ?? null, version: cell?.version ?? 0, position: s.applied } };
};

/** Applies entries in position order (an entry that arrives early waits for the ones before it), then answers the reads that were waiting for them. */
function apply(s: State, entry: Entry): { state: State; send: Send[] } {
  let state: State = { ...s, early: [...s.early, entry].sort((a, b) => a.position - b.position) };
  while (state.early[0] && state.early[0].position <= state.applied + 1) {
    const [next, ...rest] = state.early;
    state = next!.position === state.applied + 1 ? { ...state, applied: next!.position, data: { ...state.data, [next!.key]: { value: next!.value, version: next!.position } }, early: rest } : { ...state, early: rest };
  }
  const ready = state.waiting.filter((w) => w.minPosition <= state.applied);
  return { state: { ...state, waiting: state.waiting.filter((w) => w.minPosition > state.applied) }, send: ready.map((w) => readOk(state, w)) };
}

export function handle(s: State, m: Message, now: number) {
  const { body } = m;
  const reply = (b: Record<string, unknown>): Send => ({ dest: m.src, body: { ...b, in_reply_to: body.msg_id } });
  switch (body.type) {
    case "write": {
      if (s.id !== s.leader) return { state: s, send: [reply({ type: "error", text: `${s.id} is a follower; writes go to ${s.leader}` })] };
      const entry: Entry = { position: s.applied + 1, key: body.key ?? "", value: body.value ?? "" };
      const { state, send } = apply(s, entry);
      return { state, send: [...send, reply({ type: "write_ok", position: entry.position }), ...s.followers.map((dest) => ({ dest, body: { type: "replicate", ...entry } }))] };
    }
    case "replicate":
      return apply(s, { position: body.position ?? 0, key: body.key ?? "", value: body.value ?? "" });
    case "read": {
      const minPosition = body.minPosition ?? 0;
      const w: Waiting = { client: m.src, msgId: body.msg_id ?? 0, key: body.key ?? "", minPosition, deadline: now + READ_WAIT };
      if (minPosition <= s.applied) return { state: s, send: [readOk(s, w)] };
      // The leader has applied every write there is: a position past it was never written.
      if (s.id === s.leader) return { state: s, send: [reply({ type: "error", text: `minPosition ${minPosition} is past the newest write (position ${s.applied})` })] };
      return { state: { ...s, waiting: [...s.waiting, w] } };
    }
    default:
      return { state: s };
  }
}

/** Reads held past their wait are answered "behind". */
export function tick(s: State, now: number) {
  const late = s.waiting.filter((w) => w.deadline <= now);
  if (late.length === 0) return { state: s };
  const send = late.map((w) => ({ dest: w.client, body: { type: "behind", in_reply_to: w.msgId, position: s.applied, text: `${s.id} waited ${READ_WAIT} ms for position ${w.minPosition} and has applied only ${s.applied}` } }));
  return { state: { ...s, waiting: s.waiting.filter((w) => w.deadline > now) }, send };
}
