/**
 * The lab's replica (a node program; see lib/cluster/node-program.ts). n1 starts as the
 * leader, n2 and n3 as its followers. The leader appends each client write to its log at the
 * next position, ships the entry to every follower and acknowledges the client as its mode
 * says: async at once; sync once every follower has confirmed the position; semi-sync once
 * `syncAcks` followers have — and if they have not within `timeoutMs`, a non-strict leader
 * falls back to asynchronous (acknowledges anyway, and keeps doing so until enough followers
 * have caught up with its whole log, as MySQL does), while a strict one refuses the write.
 * Followers apply entries strictly in log order and confirm the position they have reached.
 * The lab promotes a follower with `promote`; it then leads the other live follower.
 */
import { LEADER } from "../settings";

type Entry = { pos: number; key: string; value: string };
export type ReplicationMode = { mode: "async" | "sync" | "semi-sync"; syncAcks: number; strict: boolean; timeoutMs: number };
type Pending = { pos: number; client: string; msgId: number; deadline: number | null };
type State = {
  id: string;
  role: "leader" | "follower";
  log: Entry[];
  followers: string[];
  /** Follower → the highest log position it confirmed. */
  confirmed: Record<string, number>;
  /** Followers that have answered at least once (their links are connected both ways). */
  heard: string[];
  /** Follower → the highest position shipped to it, and when (to resend what a broken link lost). */
  sent: Record<string, number>;
  sentAt: Record<string, number>;
  config: ReplicationMode;
  pending: Pending[];
  /** Semi-sync only: timed out once, acknowledging asynchronously until followers catch up. */
  fellBack: boolean;
};
type Body = { type: string; msg_id?: number; key?: string; value?: string; entries?: Entry[]; applied?: number; followers?: string[] } & Partial<ReplicationMode>;
type Message = { src: string; body: Body };
type Send = { dest: string; body: Record<string, unknown> };

const RESEND_MS = 1_000;
const MAX_BATCH = 50;

export function init(node: { id: string; nodeIds: string[] }): State {
  const leader = node.id === LEADER;
  const followers = leader ? node.nodeIds.filter((n) => n !== node.id) : [];
  return {
    id: node.id,
    role: leader ? "leader" : "follower",
    log: [],
    followers,
    confirmed: Object.fromEntries(followers.map((f) => [f, 0])),
    heard: [],
    sent: {},
    sentAt: {},
    config: { mode: "async", syncAcks: 1, strict: false, timeoutMs: 0 },
    pending: [],
    fellBack: false,
  };
}

/** How many followers must confirm a position before the client hears "ok". */
function needed(s: State): number {
  if (s.config.mode === "async") return 0;
  if (s.config.mode === "sync") return s.followers.length;
  return Math.min(s.config.syncAcks, s.followers.length);
}

const confirmedBy = (s: State, pos: number) => s.followers.filter((f) => (s.confirmed[f] ?? 0) >= pos);

/** Ships a follower the entries after `from` (what it was last sent, or on a resend what it confirmed). */
function ship(s: State, follower: string, from: number, now: number): { state: State; send: Send[] } {
  const entries = s.log.slice(from, from + MAX_BATCH);
  if (entries.length === 0) return { state: s, send: [] };
  const sent = entries[entries.length - 1]!.pos;
  return { state: { ...s, sent: { ...s.sent, [follower]: sent }, sentAt: { ...s.sentAt, [follower]: now } }, send: [{ dest: follower, body: { type: "append", entries } }] };
}

function shipAll(s: State, from: (follower: string) => number, now: number): { state: State; send: Send[] } {
  let state = s;
  const send: Send[] = [];
  for (const f of s.followers) {
    const shipped = ship(state, f, from(f), now);
    state = shipped.state;
    send.push(...shipped.send);
  }
  return { state, send };
}

const writeOk = (s: State, p: Pending, fellBack: boolean): Send => ({
  dest: p.client,
  body: { type: "write_ok", in_reply_to: p.msgId, pos: p.pos, confirmedBy: confirmedBy(s, p.pos), fellBack },
});

function onWrite(s: State, m: Message, now: number): { state: State; send: Send[] } {
  const reply = (body: Record<string, unknown>) => ({ dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } });
  if (s.role !== "leader") return { state: s, send: [reply({ type: "error", text: `${s.id} is not the leader` })] };
  const entry = { pos: s.log.length + 1, key: m.body.key ?? "", value: m.body.value ?? "" };
  const { state, send } = shipAll({ ...s, log: [...s.log, entry] }, (f) => s.sent[f] ?? 0, now);
  const pending: Pending = { pos: entry.pos, client: m.src, msgId: m.body.msg_id ?? 0, deadline: s.config.mode === "semi-sync" ? now + s.config.timeoutMs : null };
  const asyncNow = needed(state) === 0 || (state.fellBack && !state.config.strict);
  if (asyncNow) return { state, send: [...send, writeOk(state, pending, state.fellBack)] };
  return { state: { ...state, pending: [...state.pending, pending] }, send };
}

function onConfirm(s: State, follower: string, applied: number): { state: State; send: Send[] } {
  if (s.role !== "leader" || !s.followers.includes(follower)) return { state: s, send: [] };
  const heard = s.heard.includes(follower) ? s.heard : [...s.heard, follower];
  const state: State = { ...s, heard, confirmed: { ...s.confirmed, [follower]: Math.max(s.confirmed[follower] ?? 0, applied) } };
  const done = state.pending.filter((p) => confirmedBy(state, p.pos).length >= needed(state));
  const caughtUp = confirmedBy(state, state.log.length).length >= needed(state);
  return {
    state: { ...state, pending: state.pending.filter((p) => !done.includes(p)), fellBack: state.fellBack && !caughtUp },
    send: done.map((p) => writeOk(state, p, false)),
  };
}

function onAppend(s: State, entries: Entry[]): State {
  const log = [...s.log];
  for (const e of entries) if (e.pos === log.length + 1) log.push(e);
  return { ...s, log };
}

export function handle(s: State, m: Message, now: number) {
  const reply = (body: Record<string, unknown>) => ({ dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } });
  switch (m.body.type) {
    case "configure": {
      const { mode = "async", syncAcks = 1, strict = false, timeoutMs = 0 } = m.body;
      // An empty append to each follower connects the links before the first write has to wait on them.
      const hello = s.followers.map((dest) => ({ dest, body: { type: "append", entries: [] } }));
      return { state: { ...s, config: { mode, syncAcks, strict, timeoutMs } }, send: [reply({ type: "configure_ok" }), ...hello] };
    }
    case "write":
      return onWrite(s, m, now);
    case "append": {
      const state = onAppend(s, m.body.entries ?? []);
      return { state, send: [{ dest: m.src, body: { type: "append_ok", applied: state.log.length } }] };
    }
    case "append_ok":
      return onConfirm(s, m.src, m.body.applied ?? 0);
    case "promote": {
      const followers = m.body.followers ?? [];
      const leader: State = { ...s, role: "leader", followers, confirmed: Object.fromEntries(followers.map((f) => [f, 0])), sent: {}, pending: [], fellBack: false };
      const { state, send } = shipAll(leader, () => 0, now);
      return { state, send: [reply({ type: "promote_ok", applied: s.log.length }), ...send] };
    }
    case "status":
      return { state: s, send: [reply({ type: "status_ok", role: s.role, applied: s.log.length, confirmed: s.confirmed, heard: s.heard, fellBack: s.fellBack })] };
    case "read": {
      const entry = [...s.log].reverse().find((e) => e.key === m.body.key);
      return { state: s, send: [reply({ type: "read_ok", value: entry?.value ?? null })] };
    }
    default:
      return { state: s };
  }
}

/** Semi-sync writes past their wait fall back or are refused; followers behind get their backlog again. */
export function tick(s: State, now: number) {
  if (s.role !== "leader") return { state: s };
  const send: Send[] = [];
  let state = s;
  const expired = s.pending.filter((p) => p.deadline !== null && now >= p.deadline);
  if (expired.length > 0) {
    state = { ...state, pending: state.pending.filter((p) => !expired.includes(p)), fellBack: !s.config.strict };
    for (const p of expired)
      send.push(
        s.config.strict
          ? { dest: p.client, body: { type: "error", in_reply_to: p.msgId, text: `strict semi-sync: position ${p.pos} was confirmed by ${confirmedBy(s, p.pos).length} of the ${needed(s)} followers required within ${s.config.timeoutMs} ms; not acknowledged`, pos: p.pos } }
          : writeOk(s, p, true),
      );
  }
  const behind = (f: string) => (state.confirmed[f] ?? 0) < state.log.length && now - (state.sentAt[f] ?? 0) >= RESEND_MS;
  const resent = shipAll(state, (f) => (behind(f) ? (state.confirmed[f] ?? 0) : state.log.length), now);
  return { state: resent.state, send: [...send, ...resent.send] };
}
