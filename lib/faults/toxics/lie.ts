import { checkDirection, type Direction, type DirectionSpec, type Toxic } from "../toxic";

export interface LieContext {
  connectionId: number;
  direction: Direction;
  /** 0-based count of lines this rewrite has seen on this connection and direction. */
  lineNo: number;
}

export interface LieSettings {
  /** Returns the line to send instead (without its delimiter). */
  rewrite: (line: string, ctx: LieContext) => string;
  /** Default "downstream": the node's replies are what a Byzantine node lies in. */
  direction?: DirectionSpec;
  /** Default "\n" (line-delimited protocols such as JSON lines). */
  delimiter?: string;
}

/**
 * A Byzantine node: rewrites whole lines of a line-based protocol while active. A partial
 * line is held until its delimiter arrives; when the toxic is removed, it is forwarded
 * unchanged, so no byte is lost.
 */
export function lie(settings: LieSettings): Toxic {
  if (typeof settings?.rewrite !== "function")
    throw new Error("lie: rewrite must be a function (line) => line");
  const direction = checkDirection(settings.direction ?? "downstream", "lie");
  const delimiter = settings.delimiter ?? "\n";
  if (delimiter.length === 0) throw new Error("lie: delimiter must not be empty");
  const delim = Buffer.from(delimiter);
  return {
    type: "lie",
    direction,
    params: { direction, delimiter },
    stream: (connectionId, dir) => {
      let held: Buffer = Buffer.alloc(0);
      let lineNo = 0;
      return {
        chunk(data) {
          let buf = held.length > 0 ? Buffer.concat([held, data]) : data;
          const out: Buffer[] = [];
          for (let i = buf.indexOf(delim); i >= 0; i = buf.indexOf(delim)) {
            const line = buf.subarray(0, i).toString("utf8");
            out.push(
              Buffer.from(
                settings.rewrite(line, { connectionId, direction: dir, lineNo: lineNo++ }),
              ),
              delim,
            );
            buf = buf.subarray(i + delim.length);
          }
          held = Buffer.from(buf);
          return Buffer.concat(out);
        },
        flush() {
          const rest = held;
          held = Buffer.alloc(0);
          return rest.length > 0 ? rest : null;
        },
      };
    },
  };
}

/**
 * A rewrite for JSON-lines protocols: parses each line, lets `change` return the message
 * to send instead; lines that are not JSON pass unchanged.
 */
export function rewriteJsonLines(
  change: (message: unknown, ctx: LieContext) => unknown,
): LieSettings["rewrite"] {
  return (line, ctx) => {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return line;
    }
    return JSON.stringify(change(message, ctx));
  };
}
