/**
 * The session logic of the load balancer: what it keeps per session and where it sends each
 * read. The lab calls it around every operation of the plan; the student's version runs in
 * the sandbox (sandboxedBalancer), the break task's naive client is the lab's own.
 */
import { z } from "zod";
import { LabFailure } from "@/lib/labs/errors";
import { boundJson, type Sandbox } from "@/lib/sandbox";
import { NODES } from "./settings";

/** What the lab keeps for each session between calls: JSON, starting as { id }. */
export type Session = { id: string } & Record<string, unknown>;
export type WriteReply = { node: string; key: string; position: number };
export type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };
export type Route = { node: string; minPosition?: number };

export interface Balancer {
  afterWrite(session: Session, reply: WriteReply): Session;
  afterRead(session: Session, reply: ReadReply): Session;
  /** `up`: the nodes the balancer's health checks see up, the leader first. */
  routeRead(session: Session, up: string[]): Route;
}

export const BALANCER_EXPORTS = ["afterWrite", "afterRead", "routeRead"];
const QUOTED_CHARS = 300;
const MAX_SESSION_CHARS = 2_000;

const routeSchema = z.object({ node: z.string(), minPosition: z.number().int().min(0).optional() });

function checkSession(fn: string, sessionId: string, result: unknown): Session {
  if (typeof result !== "object" || result === null || Array.isArray(result))
    throw new LabFailure(`${fn} must return the session (an object), but for session ${sessionId} it returned ${boundJson(result, QUOTED_CHARS)}.`, "Return the session you were given, with what you want to remember added: { ...session, … }.");
  const size = JSON.stringify(result).length;
  if (size > MAX_SESSION_CHARS)
    throw new LabFailure(`${fn} returned a session of ${size} characters for ${sessionId}; a session cookie holds at most ${MAX_SESSION_CHARS}.`, "A session needs a number or two, not a record of every operation.");
  return { ...(result as Record<string, unknown>), id: sessionId };
}

/** The student's three functions behind the Balancer the scenario calls, checking what each returns. */
export function sandboxedBalancer(box: Sandbox): Balancer {
  return {
    afterWrite: (session, reply) => checkSession("afterWrite", session.id, box.call("afterWrite", session, reply)),
    afterRead: (session, reply) => checkSession("afterRead", session.id, box.call("afterRead", session, reply)),
    routeRead(session, up) {
      const result = box.call("routeRead", session, up);
      const parsed = routeSchema.safeParse(result);
      if (!parsed.success || !NODES.includes(parsed.data.node))
        throw new LabFailure(
          `routeRead must return { node, minPosition? } with node one of ${NODES.join(", ")} and minPosition a whole number ≥ 0, but for session ${session.id} it returned ${boundJson(result, QUOTED_CHARS)}.`,
          "Pick one of the node ids you were given; leave minPosition out, or give the log position the node must have applied.",
        );
      return parsed.data.minPosition === undefined ? { node: parsed.data.node } : parsed.data;
    },
  };
}
