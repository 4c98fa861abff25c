/**
 * What every replica runs (honest ones and the traitor alike — the traitor lies on the wire,
 * through the `lie` fault on its network proxy): a register per key that keeps the highest
 * version the trusted writer sent, and answers reads with what it holds.
 */
type Cell = { value: string | null; version: number };
type State = { data: Record<string, Cell> };
type Message = { src: string; body: { type: string; msg_id?: number; key?: string; value?: string; version?: number } };

const EMPTY: Cell = { value: null, version: 0 };

export function init(): State {
  return { data: {} };
}

export function handle(state: State, m: Message) {
  const { body } = m;
  const key = body.key ?? "";
  const reply = (b: Record<string, unknown>) => ({ dest: m.src, body: { ...b, in_reply_to: body.msg_id } });
  const held = state.data[key] ?? EMPTY;
  if (body.type === "put") {
    const version = body.version ?? 0;
    const data = version > held.version ? { ...state.data, [key]: { value: body.value ?? null, version } } : state.data;
    return { state: { data }, send: [reply({ type: "put_ok" })] };
  }
  if (body.type === "get") return { state, send: [reply({ type: "get_ok", key, ...held })] };
  return { state };
}

export function tick(state: State) {
  return { state };
}
