/**
 * The replicas' store, run in every node's sandbox right after the student's code, which
 * supplies `repair` — so the replicas really run it. Each replica keeps key → { value,
 * version }. There is no gossip: a put is stored where it is sent and forwarded to the peers
 * it can reach, and a read coordinator asks its quorum, calls `repair` on the replies, and
 * answers only after the write-backs it chose were acknowledged (the blocking write-back).
 * A replica applies a write-back as told — it trusts its coordinator — and notes it when
 * that moved it backwards, which is how the grade sees a resurrection. The `declare` lines
 * are removed when composed.
 */
type StoreVersion = { n: number; by: string };
type StoreCell = { value: string | null; version: StoreVersion };
type StoreReply = { node: string; value: string | null; version: StoreVersion };
type StoreDecision = { value: string | null; version: StoreVersion; writeBack: string[] };
declare function repair(replies: StoreReply[]): StoreDecision;

type StoreRegression = { node: string; key: string; from: StoreCell; to: StoreCell; coordinator: string; op: number };
type StorePending =
  | { kind: "put"; client: string; msgId: number; key: string; version: StoreVersion; stored: string[]; waiting: string[]; deadline: number }
  | { kind: "read"; client: string; msgId: number; key: string; op: number; quorum: string[]; replies: Record<string, StoreCell>; decision: StoreDecision | null; waiting: string[]; deadline: number };
type StoreState = { id: string; peers: string[]; data: Record<string, StoreCell>; regressions: StoreRegression[]; pending: Record<string, StorePending>; next: number };
type StoreBody = { type: string; msg_id?: number; key?: string; value?: string | null; version?: StoreVersion; quorum?: string[]; rid?: string; op?: number; coordinator?: string; expect?: string[] };
type StoreMessage = { src: string; body: StoreBody };
type StoreSend = { dest: string; body: object };

const STORE_EMPTY: StoreCell = { value: null, version: { n: 0, by: "" } };
/**
 * How long a put waits for its peers' acks. A put names the peers it expects to reach (the
 * lab's plan knows which links are cut), so it answers as soon as they acked and never waits
 * out a partition; the deadline only matters when something is wrong, so it is generous —
 * a loaded machine must not turn a slow ack into a different outcome.
 */
const STORE_WAIT_MS = 3_000;
const STORE_READ_WAIT_MS = 3_000;
const STORE_MAX_REGRESSIONS = 20;

/** The lab's own order, used to stamp puts and to notice a replica moving backwards: counter first, then the larger replica id. */
const storeOlder = (a: StoreVersion, b: StoreVersion) => a.n < b.n || (a.n === b.n && a.by < b.by);
const storeSame = (a: StoreCell, b: StoreCell) => a.value === b.value && a.version.n === b.version.n && a.version.by === b.version.by;

/** Stores a cell, noting it when the replica held something newer. */
function storeApply(state: StoreState, key: string, cell: StoreCell, coordinator: string, op: number): StoreState {
  const held = state.data[key] ?? STORE_EMPTY;
  const regressions = storeOlder(cell.version, held.version) && state.regressions.length < STORE_MAX_REGRESSIONS
    ? [...state.regressions, { node: state.id, key, from: held, to: cell, coordinator, op }]
    : state.regressions;
  return { ...state, data: { ...state.data, [key]: { value: cell.value, version: { ...cell.version } } }, regressions };
}

/** Checks the student's decision against the replies it was given, so a broken one fails loudly. */
function storeDecide(replies: StoreReply[]): StoreDecision {
  const decision = repair(replies.map((r) => ({ node: r.node, value: r.value, version: { ...r.version } })));
  if (typeof decision !== "object" || decision === null || !Array.isArray(decision.writeBack))
    throw new Error(`repair must return { value, version, writeBack: string[] }, not ${JSON.stringify(decision)}`);
  const chosen = { value: decision.value, version: decision.version };
  if (!replies.some((r) => typeof chosen.version === "object" && chosen.version !== null && storeSame(r, chosen)))
    throw new Error(`repair returned ${JSON.stringify(chosen)}, which is not one of the replies' { value, version }`);
  const asked = replies.map((r) => r.node);
  const stray = decision.writeBack.filter((n) => !asked.includes(n));
  if (stray.length > 0) throw new Error(`repair wrote back to ${JSON.stringify(stray)}, which did not reply to this read (replies came from ${asked.join(", ")})`);
  return { value: chosen.value, version: { n: chosen.version.n, by: chosen.version.by }, writeBack: [...new Set(decision.writeBack)] };
}

/** Every reply in: decide, write back (locally at once, to peers with an ack each), answer when nothing is left to wait for. */
function storeAdvance(state: StoreState, rid: string, now: number): { state: StoreState; send: StoreSend[] } {
  const p = state.pending[rid];
  if (!p || p.kind !== "read") return { state, send: [] };
  const send: StoreSend[] = [];
  let next = state;
  let read = p;
  if (!read.decision) {
    if (read.quorum.some((n) => !read.replies[n])) return { state, send };
    const decision = storeDecide(read.quorum.map((node) => ({ node, ...read.replies[node]! })));
    const cell = { value: decision.value, version: decision.version };
    const waiting = decision.writeBack.filter((n) => n !== state.id);
    if (decision.writeBack.includes(state.id)) next = storeApply(next, read.key, cell, state.id, read.op);
    for (const dest of waiting) send.push({ dest, body: { type: "write_back", rid, key: read.key, value: cell.value, version: cell.version, coordinator: state.id, op: read.op } });
    read = { ...read, decision, waiting, deadline: now + STORE_READ_WAIT_MS };
  }
  if (read.waiting.length > 0) return { state: { ...next, pending: { ...next.pending, [rid]: read } }, send };
  const { [rid]: _done, ...pending } = next.pending;
  send.push({ dest: read.client, body: { type: "get_ok", in_reply_to: read.msgId, value: read.decision!.value, version: read.decision!.version, wroteBack: read.decision!.writeBack } });
  return { state: { ...next, pending }, send };
}

export function init(node: { id: string; nodeIds: string[] }): StoreState {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), data: {}, regressions: [], pending: {}, next: 1 };
}

export function handle(state: StoreState, message: StoreMessage, now: number) {
  const { src, body } = message;
  const key = body.key ?? "";
  const rid = body.rid ?? "";
  const reply = (b: object) => ({ dest: src, body: { ...b, in_reply_to: body.msg_id } });
  switch (body.type) {
    case "put": {
      const version = { n: (state.data[key] ?? STORE_EMPTY).version.n + 1, by: state.id };
      const id = `${state.id}-${state.next}`;
      const stored = storeApply(state, key, { value: body.value ?? null, version }, state.id, -1);
      const waiting = body.expect ? state.peers.filter((n) => body.expect!.includes(n)) : state.peers;
      const pending: StorePending = { kind: "put", client: src, msgId: body.msg_id ?? 0, key, version, stored: [state.id], waiting, deadline: now + STORE_WAIT_MS };
      const send: StoreSend[] = state.peers.map((dest) => ({ dest, body: { type: "store", rid: id, key, value: body.value ?? null, version } }));
      // Cut off from every peer it could reach: acknowledged at once (W = 1), stored only here.
      if (waiting.length === 0) return { state: { ...stored, next: state.next + 1 }, send: [...send, { dest: src, body: { type: "put_ok", in_reply_to: body.msg_id, version, stored: [state.id] } }] };
      return { state: { ...stored, next: state.next + 1, pending: { ...state.pending, [id]: pending } }, send };
    }
    case "store": {
      const next = storeApply(state, key, { value: body.value ?? null, version: body.version ?? STORE_EMPTY.version }, src, -1);
      return { state: next, send: [{ dest: src, body: { type: "store_ok", rid } }] };
    }
    case "store_ok": {
      const p = state.pending[rid];
      if (!p || p.kind !== "put") return { state };
      const put = { ...p, stored: [...p.stored, src], waiting: p.waiting.filter((n) => n !== src) };
      if (put.waiting.length > 0) return { state: { ...state, pending: { ...state.pending, [rid]: put } } };
      const { [rid]: _done, ...pending } = state.pending;
      return { state: { ...state, pending }, send: [{ dest: put.client, body: { type: "put_ok", in_reply_to: put.msgId, version: put.version, stored: put.stored } }] };
    }
    case "get": {
      const quorum = body.quorum ?? [state.id];
      if (quorum[0] !== state.id) return { state, send: [reply({ type: "error", text: `a read's coordinator is the first node of its quorum, not ${state.id}` })] };
      const id = `${state.id}-${state.next}`;
      const read: StorePending = { kind: "read", client: src, msgId: body.msg_id ?? 0, key, op: body.op ?? -1, quorum, replies: { [state.id]: state.data[key] ?? STORE_EMPTY }, decision: null, waiting: [], deadline: now + STORE_READ_WAIT_MS };
      const asked = { ...state, next: state.next + 1, pending: { ...state.pending, [id]: read } };
      const out = storeAdvance(asked, id, now);
      return { state: out.state, send: [...quorum.slice(1).map((dest) => ({ dest, body: { type: "read", rid: id, key } })), ...out.send] };
    }
    case "read":
      return { state, send: [{ dest: src, body: { type: "read_ok", rid, key, ...(state.data[key] ?? STORE_EMPTY) } }] };
    case "read_ok": {
      const p = state.pending[rid];
      if (!p || p.kind !== "read" || p.decision) return { state };
      const cell = { value: body.value ?? null, version: body.version ?? STORE_EMPTY.version };
      return storeAdvance({ ...state, pending: { ...state.pending, [rid]: { ...p, replies: { ...p.replies, [src]: cell } } } }, rid, now);
    }
    case "write_back": {
      const next = storeApply(state, key, { value: body.value ?? null, version: body.version ?? STORE_EMPTY.version }, body.coordinator ?? src, body.op ?? -1);
      return { state: next, send: [{ dest: src, body: { type: "write_back_ok", rid } }] };
    }
    case "write_back_ok": {
      const p = state.pending[rid];
      if (!p || p.kind !== "read") return { state };
      return storeAdvance({ ...state, pending: { ...state.pending, [rid]: { ...p, waiting: p.waiting.filter((n) => n !== src) } } }, rid, now);
    }
    case "dump":
      return { state, send: [reply({ type: "dump_ok", data: state.data, regressions: state.regressions })] };
    default:
      return { state };
  }
}

/** Puts past their wait answer with whoever stored them; reads past theirs fail. */
export function tick(state: StoreState, now: number) {
  const send: StoreSend[] = [];
  const pending: Record<string, StorePending> = {};
  for (const [rid, p] of Object.entries(state.pending)) {
    if (now < p.deadline) pending[rid] = p;
    else if (p.kind === "put") send.push({ dest: p.client, body: { type: "put_ok", in_reply_to: p.msgId, version: p.version, stored: p.stored } });
    else send.push({ dest: p.client, body: { type: "error", in_reply_to: p.msgId, text: p.decision ? `write-backs to ${p.waiting.join(", ")} were not acknowledged` : `no reply from ${p.quorum.filter((n) => !p.replies[n]).join(", ")}` } });
  }
  return { state: { ...state, pending }, send };
}
