/**
 * Message-level faults on a line-delimited message protocol (JSON lines, one message per
 * line, as cluster nodes speak): each whole message is dropped, duplicated, swapped with
 * the next one or delivered,
 * drawn independently (seeded), while the connection stays healthy — the faults a
 * message-passing protocol must tolerate (Maelstrom's lossy network), unlike a partition,
 * which cuts the connection. Partial lines are held until complete, so no message is ever
 * torn; removing the toxic forwards what it holds.
 */
import { mulberry32 } from "../rng";
import { checkDirection, type DirectionSpec, type Toxic } from "../toxic";

export interface MessageFaultSettings {
  /** Probability each message is lost. Default 0. */
  drop?: number;
  /** Probability each delivered message arrives twice. Default 0. */
  duplicate?: number;
  /**
   * Probability a message is held back and delivered right after the next one (a swap), as
   * when two packets take different paths. A held message still waiting when the toxic is
   * removed or the connection ends is delivered then.
   */
  reorder?: number;
  /** Default "upstream": messages into the node this proxy fronts. */
  direction?: DirectionSpec;
  seed?: number;
  /** Told each message's fate (for the run's events). */
  onMessage?: (line: string, fate: "dropped" | "duplicated" | "reordered") => void;
}

function probability(value: unknown, where: string): number {
  const p = value ?? 0;
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new Error(`${where} must be a probability between 0 and 1, got ${JSON.stringify(value)}`);
  return p;
}

export function messageFaults(settings: MessageFaultSettings): Toxic {
  const drop = probability(settings.drop, "messageFaults: drop");
  const duplicate = probability(settings.duplicate, "messageFaults: duplicate");
  const reorder = probability(settings.reorder, "messageFaults: reorder");
  const direction = checkDirection(settings.direction ?? "upstream", "messageFaults");
  const rng = mulberry32(settings.seed ?? 1);
  const newline = 0x0a;
  return {
    type: "message-faults",
    direction,
    params: { drop, duplicate, reorder, direction },
    stream: () => {
      let held = Buffer.alloc(0);
      /** A whole message waiting to go out after the next one. */
      let delayed: Buffer | null = null;
      return {
        chunk(data) {
          let buf = held.length > 0 ? Buffer.concat([held, data]) : data;
          const out: Buffer[] = [];
          for (let i = buf.indexOf(newline); i >= 0; i = buf.indexOf(newline)) {
            const line = buf.subarray(0, i + 1);
            buf = buf.subarray(i + 1);
            if (rng() < drop) {
              settings.onMessage?.(line.toString("utf8", 0, line.length - 1), "dropped");
              continue;
            }
            const copies = rng() < duplicate ? [line, line] : [line];
            if (copies.length === 2) settings.onMessage?.(line.toString("utf8", 0, line.length - 1), "duplicated");
            if (delayed) {
              out.push(...copies, delayed);
              delayed = null;
            } else if (rng() < reorder) {
              delayed = Buffer.concat(copies);
              settings.onMessage?.(line.toString("utf8", 0, line.length - 1), "reordered");
            } else {
              out.push(...copies);
            }
          }
          held = Buffer.from(buf);
          return Buffer.concat(out);
        },
        flush() {
          const rest = Buffer.concat([delayed ?? Buffer.alloc(0), held]);
          held = Buffer.alloc(0);
          delayed = null;
          return rest.length > 0 ? rest : null;
        },
      };
    },
  };
}
