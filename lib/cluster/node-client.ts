/**
 * A workload client of one node (Maelstrom's client): sends request bodies through the
 * node's client proxy and matches replies by `in_reply_to`. A request with no reply in time
 * rejects with a timeout — its outcome is unknown (Jepsen's `info`), which the caller records.
 */
import { createConnection, type Socket } from "node:net";
import { createInterface } from "node:readline";
import type { MessageBody } from "./message";

export class ReplyTimeout extends Error {
  constructor(nodeId: string, type: string, ms: number) {
    super(`${nodeId} did not reply to ${type} within ${ms} ms`);
    this.name = "ReplyTimeout";
  }
}

export class NodeClient {
  private socket: Socket | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (b: MessageBody) => void; reject: (e: Error) => void }>();

  constructor(
    readonly clientId: string,
    readonly nodeId: string,
    private readonly port: number,
  ) {}

  private connect(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = createConnection({ host: "127.0.0.1", port: this.port });
    socket.setNoDelay(true);
    const fail = (err: Error) => {
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
      if (this.socket === socket) this.socket = null;
    };
    socket.on("error", (err) => fail(err));
    socket.on("close", () => fail(new Error(`connection to ${this.nodeId} closed`)));
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on("error", () => undefined);
    lines.on("line", (line) => {
      let body: MessageBody;
      try {
        body = (JSON.parse(line) as { body: MessageBody }).body;
      } catch {
        return;
      }
      const w = body?.in_reply_to !== undefined ? this.waiting.get(body.in_reply_to) : undefined;
      if (!w) return; // a late reply to a request that already timed out
      this.waiting.delete(body.in_reply_to!);
      w.resolve(body);
    });
    this.socket = socket;
    return socket;
  }

  request(body: { type: string } & Record<string, unknown>, timeoutMs: number): Promise<MessageBody> {
    const msgId = this.nextId++;
    return new Promise<MessageBody>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(msgId);
        reject(new ReplyTimeout(this.nodeId, body.type, timeoutMs));
      }, timeoutMs);
      this.waiting.set(msgId, {
        resolve: (b) => (clearTimeout(timer), resolve(b)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.connect().write(`${JSON.stringify({ src: this.clientId, dest: this.nodeId, body: { ...body, msg_id: msgId } })}\n`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}
