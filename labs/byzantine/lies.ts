/**
 * The traitor's lies, told on the wire by the `lie` fault on its network proxy: each read
 * round it answers every get with a different kind of lie, and mostly sends its reply twice —
 * a second copy costs a liar nothing (but not always: a vote cannot spot it by its echo).
 * Writes it acknowledges honestly.
 *   forge         — a value no honest replica ever held, with a version ahead of the real one;
 *   replay        — the first value ever written, an old version honest replicas held once;
 *   equivocate    — a different made-up value to each reader, sent once;
 *   forge-value   — a made-up value under the real version (agrees on the version only);
 *   forge-version — the real value under a made-up version (agrees on the value only).
 * The last two arrive late — after one honest reply, before the next — so a vote that
 * agrees on half of { value, version } pairs the lie with an honest reply.
 */
export const LIE_KINDS = ["forge", "replay", "equivocate", "forge-value", "forge-version"] as const;
export type LieKind = (typeof LIE_KINDS)[number];
export type Cell = { value: string | null; version: number };

/** What the traitor knows as each round starts; the scenario updates it. */
export interface LieScript {
  round: number;
  current: Cell;
  first: Cell;
}

export const lieOfRound = (round: number): LieKind => LIE_KINDS[round % LIE_KINDS.length]!;
/** Lies that must land between two honest replies (see above). */
export const isLateLie = (kind: LieKind) => kind === "forge-value" || kind === "forge-version";

export function lieFor(script: LieScript, reader: string): Cell {
  const { round, current, first } = script;
  switch (lieOfRound(round)) {
    case "forge":
      return { value: `forged-${round + 1}`, version: current.version + 7 };
    case "replay":
      return first;
    case "equivocate":
      return { value: `forged-${round + 1}-for-${reader}`, version: current.version + 3 };
    case "forge-value":
      return { value: `forged-${round + 1}`, version: current.version };
    case "forge-version":
      return { value: current.value, version: current.version + 5 };
  }
}

type Line = { src?: string; dest?: string; body?: { type?: string } & Record<string, unknown> };

/** The rewrite for the traitor's proxy: get replies become the round's lie, sent twice. */
export function traitorRewrite(script: LieScript): (line: string) => string {
  return (line) => {
    let message: Line;
    try {
      message = JSON.parse(line) as Line;
    } catch {
      return line;
    }
    if (message?.body?.type !== "get_ok") return line;
    const lied = JSON.stringify({ ...message, body: { ...message.body, ...lieFor(script, message.dest ?? "") } });
    return lieOfRound(script.round) === "equivocate" ? lied : `${lied}\n${lied}`;
  };
}
