/**
 * The messages nodes exchange, as in Maelstrom: `{ src, dest, body }`, one JSON object per
 * line, where `body.type` says what it is and `msg_id` / `in_reply_to` pair requests with
 * replies. Node ids look like `n1`; clients (the workload) like `c1`.
 */
import { z } from "zod";

/** Largest message line accepted, in characters: a node program cannot flood a link. */
export const MAX_MESSAGE_CHARS = 16 * 1024;

export const messageBodySchema = z.looseObject({
  type: z.string().min(1).max(64),
  msg_id: z.number().int().nonnegative().optional(),
  in_reply_to: z.number().int().nonnegative().optional(),
});

export const messageSchema = z.object({
  src: z.string().min(1).max(32),
  dest: z.string().min(1).max(32),
  body: messageBodySchema,
});

export type MessageBody = z.infer<typeof messageBodySchema>;
export type Message = z.infer<typeof messageSchema>;

export const isClientId = (id: string) => id.startsWith("c");

/** A line as a message, or why it is not one (in words a student can act on). */
export function parseMessage(line: string): { ok: true; message: Message } | { ok: false; error: string } {
  if (line.length > MAX_MESSAGE_CHARS) return { ok: false, error: `a message of ${line.length} characters is over the ${MAX_MESSAGE_CHARS} limit` };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, error: "a message must be one JSON object per line" };
  }
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `not a message {src, dest, body: {type, …}}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "message"} ${i.message}`).join("; ")}` };
  return { ok: true, message: parsed.data };
}
