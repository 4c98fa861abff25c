/** What the harness tells a node process (its config file) and what the node reports back (stdout). */
import type { MessageBody } from "./message";
import type { SandboxedProgramLimits } from "./sandboxed-program";

export interface NodeConfig {
  id: string;
  nodeIds: string[];
  port: number;
  /** For each other node, the port that reaches it: the proxy of the link this node → that node. */
  peers: Record<string, number>;
  /** `module`: a bundled lab program; `sandboxed`: a student's TypeScript, run in QuickJS. */
  program: { kind: "module" | "sandboxed"; file: string };
  tickMs: number;
  /** Where the program's `durable` value is kept across a crash. */
  storeFile: string;
  limits?: SandboxedProgramLimits;
}

export type NodeReport =
  | { ev: "send"; to: string; body: MessageBody }
  | { ev: "recv"; from: string; body: MessageBody }
  | { ev: "dropped"; to: string; body: MessageBody; why: string }
  | { ev: "error"; where: string; message: string };

export const REPORT_PREFIX = "@ ";
export const READY_LINE = /^ready \d+$/;
