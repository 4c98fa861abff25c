/**
 * What a node runs: a program of pure steps. The runtime (./node-main.ts) owns the sockets,
 * timers, clock and store; the program only turns (state, input, now) into (state, messages
 * to send). One contract for a lab's own program (a module) and a student's (TypeScript run in
 * the QuickJS sandbox, which can only exchange JSON values) — which is why it is pure.
 *
 *   init({ id, nodeIds, recovered })      → state        (recovered: the last `durable`, after a crash)
 *   handle(state, message, now)           → { state, send?, durable? }
 *   tick(state, now)                      → { state, send?, durable? }   every tickMs
 *
 * `send` is a list of `{ dest, body }`; a reply is a send to `message.src` with
 * `in_reply_to: message.body.msg_id`. `durable`, when present, is written to the node's disk
 * before anything is sent, and handed back to `init` after a restart.
 */
import { z } from "zod";
import { messageBodySchema, type Message, type MessageBody } from "./message";

export interface NodeInit {
  id: string;
  nodeIds: string[];
  recovered: unknown;
}

export interface Outgoing {
  dest: string;
  body: MessageBody;
}

export interface Step {
  state: unknown;
  send?: Outgoing[];
  durable?: unknown;
}

export interface NodeProgram {
  init(init: NodeInit): unknown;
  handle(state: unknown, message: Message, now: number): Step;
  tick(state: unknown, now: number): Step;
}

/** Most messages one step may send. */
export const MAX_SENDS_PER_STEP = 100;
/** Largest state (as JSON) a node may keep. */
export const MAX_STATE_CHARS = 64 * 1024;

const stepSchema = z.object({
  state: z.unknown(),
  send: z.array(z.object({ dest: z.string().min(1).max(32), body: messageBodySchema })).max(MAX_SENDS_PER_STEP).optional(),
  durable: z.unknown().optional(),
});

export class StepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StepError";
  }
}

/** A program's step checked against the contract; throws StepError saying what is wrong. */
export function checkStep(raw: unknown, where: string): Step {
  const parsed = stepSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "result"}: ${i.message}`).join("; ");
    throw new StepError(`${where} must return { state, send?: [{ dest, body: { type, … } }], durable? }: ${problems}`);
  }
  const size = JSON.stringify(parsed.data.state ?? null).length;
  if (size > MAX_STATE_CHARS) throw new StepError(`${where} returned a state of ${size} characters; a node may keep at most ${MAX_STATE_CHARS}`);
  return parsed.data as Step;
}
