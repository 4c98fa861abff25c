/**
 * What every node runs, in its sandbox, right after the student's `admit`: n1 is the lock
 * service (leases with fencing tokens), n2 the storage (a counter that asks `admit` about
 * every request), n3 and n4 clients that increment the counter while holding the lock —
 * acquire, read, check the lease, prepare the write, write, release. The lab sets LEASE_MS
 * and PREPARE_MS above this program when it composes it; the `declare` lines are removed.
 */
declare const LEASE_MS: number;
declare const PREPARE_MS: number;
type FenceRequest = { kind: "read" | "write"; client: string; token: number };
declare function admit(state: unknown, request: FenceRequest): { ok: boolean; state: unknown };

type Grant = { token: number; holder: string; at: number; expiresAt: number };
type Served = { kind: "read" | "write"; client: string; token: number; ok: boolean; at: number; value: number };
type Job = { requester: string; msgId: number; phase: "acquire" | "read" | "prepare" | "write"; token: number; expiresAt: number; value: number; writeAt: number };
type SysState = {
  id: string;
  lock: { next: number; holder: string | null; expiresAt: number; grants: Grant[] };
  storage: { value: number; fence: unknown; log: Served[] };
  job: Job | null;
};
type SysBody = { type: string; msg_id?: number; token?: number; value?: number };
type SysMessage = { src: string; body: SysBody };
type SysSend = { dest: string; body: Record<string, unknown> };

const LOCK_NODE = "n1";
const STORAGE_NODE = "n2";
const MAX_LOG = 100;

export function init(node: { id: string }): SysState {
  return { id: node.id, lock: { next: 1, holder: null, expiresAt: 0, grants: [] }, storage: { value: 0, fence: null, log: [] }, job: null };
}

function lockHandle(state: SysState, m: SysMessage, now: number): { state: SysState; send: SysSend[] } {
  const lock = state.lock;
  const reply = (body: Record<string, unknown>) => [{ dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } }];
  if (m.body.type === "acquire") {
    if (lock.holder !== null && lock.holder !== m.src && now < lock.expiresAt) return { state, send: reply({ type: "acquire_busy", holder: lock.holder }) };
    const grant = { token: lock.next, holder: m.src, at: now, expiresAt: now + LEASE_MS };
    const next = { next: lock.next + 1, holder: m.src, expiresAt: grant.expiresAt, grants: [...lock.grants, grant].slice(-MAX_LOG) };
    return { state: { ...state, lock: next }, send: reply({ type: "acquire_ok", token: grant.token, expiresAt: grant.expiresAt }) };
  }
  if (m.body.type === "release") {
    const mine = lock.holder === m.src && m.body.token === lock.next - 1;
    return { state: mine ? { ...state, lock: { ...lock, holder: null, expiresAt: 0 } } : state, send: [] };
  }
  if (m.body.type === "dump") return { state, send: reply({ type: "dump_ok", grants: lock.grants }) };
  return { state, send: [] };
}

/** The student's admit decides; a decision that is not { ok: boolean, state } is their bug, said plainly. */
function storageDecide(fence: unknown, request: FenceRequest): { ok: boolean; state: unknown } {
  const decision = admit(fence, request);
  if (typeof decision !== "object" || decision === null || typeof decision.ok !== "boolean" || !("state" in decision))
    throw new Error(`admit must return { ok: boolean, state }, not ${JSON.stringify(decision)}`);
  return decision;
}

function storageHandle(state: SysState, m: SysMessage, now: number): { state: SysState; send: SysSend[] } {
  const s = state.storage;
  const reply = (body: Record<string, unknown>) => [{ dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } }];
  const kind: "read" | "write" | null = m.body.type === "read" ? "read" : m.body.type === "write" ? "write" : null;
  if (kind) {
    const token = typeof m.body.token === "number" ? m.body.token : 0;
    const decision = storageDecide(s.fence, { kind, client: m.src, token });
    const value = decision.ok && kind === "write" ? (m.body.value ?? s.value) : s.value;
    const log = [...s.log, { kind, client: m.src, token, ok: decision.ok, at: now, value: kind === "write" ? (m.body.value ?? 0) : s.value }].slice(-MAX_LOG);
    const next = { ...state, storage: { value, fence: decision.state, log } };
    if (!decision.ok) return { state: next, send: reply({ type: "fenced", token }) };
    return { state: next, send: reply(kind === "read" ? { type: "read_ok", value } : { type: "write_ok" }) };
  }
  if (m.body.type === "dump") return { state, send: reply({ type: "dump_ok", value: s.value, log: s.log }) };
  return { state, send: [] };
}

function finish(state: SysState, body: Record<string, unknown>): { state: SysState; send: SysSend[] } {
  const job = state.job!;
  const send: SysSend[] = [{ dest: job.requester, body: { ...body, in_reply_to: job.msgId } }];
  if (job.token > 0) send.push({ dest: LOCK_NODE, body: { type: "release", token: job.token } });
  return { state: { ...state, job: null }, send };
}

function clientHandle(state: SysState, m: SysMessage, now: number): { state: SysState; send: SysSend[] } {
  const job = state.job;
  const type = m.body.type;
  if (type === "work") {
    if (job) return { state, send: [{ dest: m.src, body: { type: "work_failed", reason: "already working", in_reply_to: m.body.msg_id } }] };
    const next: Job = { requester: m.src, msgId: m.body.msg_id ?? 0, phase: "acquire", token: 0, expiresAt: 0, value: 0, writeAt: 0 };
    return { state: { ...state, job: next }, send: [{ dest: LOCK_NODE, body: { type: "acquire" } }] };
  }
  if (!job) return { state, send: [] };
  if (type === "acquire_busy") return finish(state, { type: "work_failed", reason: "the lock is held by another client" });
  if (type === "acquire_ok") {
    const token = m.body.token ?? 0;
    return { state: { ...state, job: { ...job, phase: "read", token, expiresAt: (m.body as { expiresAt?: number }).expiresAt ?? 0 } }, send: [{ dest: STORAGE_NODE, body: { type: "read", token } }] };
  }
  if (type === "read_ok") {
    // The careful client: it checks its lease before it starts the write. It cannot tell if it sleeps after.
    if (now >= job.expiresAt) return finish(state, { type: "work_failed", reason: "the lease expired before the write" });
    // "preparing" tells the lab (and the map) that the check is behind it: the moment a pause can strike.
    return { state: { ...state, job: { ...job, phase: "prepare", value: (m.body.value ?? 0) + 1, writeAt: now + PREPARE_MS } }, send: [{ dest: job.requester, body: { type: "preparing" } }] };
  }
  if (type === "write_ok") return finish(state, { type: "work_ok", value: job.value, token: job.token });
  if (type === "fenced") return finish(state, { type: "work_failed", reason: `storage refused token ${job.token}`, fenced: true });
  return { state, send: [] };
}

export function handle(state: SysState, message: SysMessage, now: number) {
  if (state.id === LOCK_NODE) return lockHandle(state, message, now);
  if (state.id === STORAGE_NODE) return storageHandle(state, message, now);
  return clientHandle(state, message, now);
}

/** A client whose preparation is done sends its write — at once, even if it slept through its lease. */
export function tick(state: SysState, now: number) {
  const job = state.job;
  if (!job || job.phase !== "prepare" || now < job.writeAt) return { state };
  return { state: { ...state, job: { ...job, phase: "write" } }, send: [{ dest: STORAGE_NODE, body: { type: "write", token: job.token, value: job.value } }] };
}
