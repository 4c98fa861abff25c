/**
 * One coordinator-side connection to one replica (through its fault proxy). Requests from
 * all logical clients share it, matched to responses by id; a request sent on a connection
 * that breaks fails at once, and the next request reconnects. Sharing one ordered
 * connection matters for the lesson: delay alone (the latency toxic) then never reorders
 * a write behind a later read at the same replica, only lost messages can.
 */
import { connect, type Socket } from "node:net";
import { createInterface } from "node:readline";
import type { RequestBody, Response } from "../protocol";

export class ReplicaError extends Error {}

interface Pending {
  resolve(response: Response): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class ReplicaLink {
  private socket: Socket | null = null;
  private connecting: Promise<Socket> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;
  /**
   * Set when a request times out or fails, cleared by any reply: the coordinator asks
   * suspected replicas last, so a dead replica costs one timeout, not one per operation
   * (Dynamo's failure detection, in its simplest form).
   */
  suspected = false;

  constructor(
    readonly name: string,
    private readonly port: number,
    private readonly host = "127.0.0.1",
  ) {}

  /** Sends one request; rejects with a ReplicaError on timeout or a broken connection. */
  async request(body: RequestBody, timeoutMs: number): Promise<Response> {
    try {
      const response = await this.send(body, timeoutMs);
      this.suspected = false;
      return response;
    } catch (err) {
      this.suspected = true;
      throw err;
    }
  }

  private async send(body: RequestBody, timeoutMs: number): Promise<Response> {
    const socket = await this.connection(timeoutMs);
    const id = this.nextId++;
    return new Promise<Response>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ReplicaError(`${this.name}: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.write(JSON.stringify({ ...body, id }) + "\n");
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.failAll(new ReplicaError(`${this.name}: link closed`));
  }

  private connection(timeoutMs: number): Promise<Socket> {
    if (this.closed) return Promise.reject(new ReplicaError(`${this.name}: link closed`));
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<Socket>((resolve, reject) => {
      const socket = connect({ port: this.port, host: this.host });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ReplicaError(`${this.name}: connect timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        this.socket = socket;
        resolve(socket);
      });
      socket.on("error", (err) => {
        clearTimeout(timer);
        reject(new ReplicaError(`${this.name}: ${err.message}`));
      });
      socket.on("close", () => {
        clearTimeout(timer);
        if (this.socket === socket) this.socket = null;
        this.failAll(new ReplicaError(`${this.name}: connection closed`));
      });
      // readline re-emits the socket's errors; they are handled above.
      createInterface({ input: socket, crlfDelay: Infinity })
        .on("line", (line) => this.onLine(line))
        .on("error", () => undefined);
    }).finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private onLine(line: string): void {
    let response: Response;
    try {
      response = JSON.parse(line) as Response;
    } catch {
      return;
    }
    const waiter = this.pending.get(response.id);
    if (!waiter) return; // Its caller already gave up (timeout).
    this.pending.delete(response.id);
    clearTimeout(waiter.timer);
    waiter.resolve(response);
  }

  private failAll(error: Error): void {
    for (const [id, waiter] of this.pending) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
      this.pending.delete(id);
    }
  }
}
