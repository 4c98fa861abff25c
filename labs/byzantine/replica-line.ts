/**
 * A reader's connection to one replica that hears EVERY reply to a request, duplicates
 * included. The kit's NodeClient resolves a request once and drops the rest — right for a
 * normal client, but a Byzantine replica's second copy of a reply is exactly what a vote must
 * be shown, so the reader here sees the wire as it is.
 */
import { createConnection, type Socket } from "node:net";
import { createInterface } from "node:readline";
import type { MessageBody } from "@/lib/cluster/message";

export class ReplicaLine {
  private socket: Socket | null = null;
  private nextId = 1;
  private listener: { msgId: number; onReply: (body: MessageBody) => void } | null = null;

  constructor(
    readonly clientId: string,
    readonly nodeId: string,
    private readonly port: number,
  ) {}

  /** Sends a request; every reply to it (until the next request) goes to `onReply`. */
  ask(body: { type: string } & Record<string, unknown>, onReply: (body: MessageBody) => void): void {
    const msgId = this.nextId++;
    this.listener = { msgId, onReply };
    this.connect().write(`${JSON.stringify({ src: this.clientId, dest: this.nodeId, body: { ...body, msg_id: msgId } })}\n`);
  }

  /** Replies that come after this are ignored (late ones to a finished read). */
  stopListening(): void {
    this.listener = null;
  }

  close(): void {
    this.listener = null;
    this.socket?.destroy();
    this.socket = null;
  }

  private connect(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = createConnection({ host: "127.0.0.1", port: this.port });
    socket.setNoDelay(true);
    socket.on("error", () => undefined); // a read without this replica's reply is the vote's problem, not a crash
    socket.on("close", () => {
      if (this.socket === socket) this.socket = null;
    });
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on("error", () => undefined);
    lines.on("line", (line) => {
      let body: MessageBody;
      try {
        body = (JSON.parse(line) as { body: MessageBody }).body;
      } catch {
        return;
      }
      if (this.listener && body?.in_reply_to === this.listener.msgId) this.listener.onReply(body);
    });
    this.socket = socket;
    return socket;
  }
}
