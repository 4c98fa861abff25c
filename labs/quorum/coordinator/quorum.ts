/**
 * The Dynamo-style coordinator (the client library), made linearizable the ABD way:
 *
 * - read phase: ask the first R replicas of this client's preference list; a replica that
 *   errors or does not answer within `replicaTimeoutMs` is replaced by the next one in the
 *   list (and asked last until it answers again). The answer is the highest version among
 *   R replies.
 * - get = read phase, then write the answer back until W replicas hold it (skipped when W
 *   of the replies already carry it). Without this write-back, W+R>N is not enough: two
 *   reads overlapping a half-finished write could see new-then-old.
 * - put = read phase for the highest version, then send (n+1, client) to all N replicas
 *   and wait for W acks. Reading first (rather than a per-client counter alone) makes a
 *   write that starts after another finished get a higher version, as real time demands.
 *
 * A get that cannot gather its quorums before `opTimeoutMs` fails (it changed nothing a
 * reader could depend on); a put that cannot is `info` (some replicas may have it).
 */
import { compareVersions, type Response, type Stored, type Version } from "../protocol";
import type { ReplicaLink } from "./replica-link";

export interface QuorumConfig {
  n: number;
  w: number;
  r: number;
  /** How long one replica may take before the read phase tries the next one. */
  replicaTimeoutMs: number;
  /** Whole-operation deadline. */
  opTimeoutMs: number;
}

export type GetResult = { ok: true; value: string | null; node: string } | { ok: false; error: string };
export type PutResult = { ok: true; node: string } | { ok: false; error: string };

interface Reply extends Stored {
  node: string;
}

class QuorumError extends Error {}

/** Pause before another round of asking replicas that have not answered. */
const RETRY_PAUSE_MS = 50;

export class Coordinator {
  /** Highest version counter this coordinator has seen or used, per client (Lamport). */
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly links: ReplicaLink[],
    private readonly config: QuorumConfig,
  ) {
    const { n, w, r } = config;
    if (links.length !== n) throw new Error(`Coordinator: ${links.length} replica links for N=${n}`);
    for (const [name, v] of [["W", w], ["R", r]] as const) {
      if (!Number.isInteger(v) || v < 1 || v > n) throw new Error(`Coordinator: ${name}=${v} must be an integer from 1 to N=${n}`);
    }
  }

  /**
   * The replicas a client asks, in order: its home replica (client index mod N) and the ones
   * after it, with replicas that recently failed to answer moved to the end.
   */
  preferenceList(home: number): ReplicaLink[] {
    const n = this.links.length;
    const ring = Array.from({ length: n }, (_, i) => this.links[(home + i) % n] as ReplicaLink);
    return [...ring.filter((l) => !l.suspected), ...ring.filter((l) => l.suspected)];
  }

  async get(client: string, home: number, key: string): Promise<GetResult> {
    const deadline = Date.now() + this.config.opTimeoutMs;
    try {
      const replies = await this.readPhase(home, key, deadline);
      const best = newest(replies);
      const holders = replies.filter((r) => compareVersions(r.version, best.version) === 0).length;
      if (best.value !== null && holders < this.config.w) await this.writePhase(key, best.value, best.version, deadline);
      this.observe(client, best.version);
      return { ok: true, value: best.value, node: best.node };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  async put(client: string, home: number, key: string, value: string): Promise<PutResult> {
    const deadline = Date.now() + this.config.opTimeoutMs;
    try {
      const replies = await this.readPhase(home, key, deadline);
      const version: Version = { n: Math.max(newest(replies).version.n, this.counters.get(client) ?? 0) + 1, c: client };
      this.counters.set(client, version.n);
      const node = await this.writePhase(key, value, version, deadline);
      return { ok: true, node };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  private observe(client: string, version: Version): void {
    this.counters.set(client, Math.max(this.counters.get(client) ?? 0, version.n));
  }

  /**
   * R replies from the preference list, replacing replicas that fail or stay silent. When
   * every replica has been tried, it starts another round (after a short pause) with the
   * ones that have not answered yet, until the op deadline: a busy machine can stall a
   * healthy replica past its timeout, and that alone must not fail the operation.
   */
  private readPhase(home: number, key: string, deadline: number): Promise<Reply[]> {
    const { r, replicaTimeoutMs } = this.config;
    return new Promise<Reply[]>((resolve, reject) => {
      const replies: Reply[] = [];
      const errors = new Map<string, string>();
      let candidates = this.preferenceList(home);
      let next = 0;
      let inFlight = 0;
      let settled = false;
      const timer = setTimeout(() => finish(new QuorumError(`read quorum R=${r} not reached in time (${describe(replies, errors)})`)), Math.max(0, deadline - Date.now()));
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(replies);
      };
      const nextRound = () => {
        if (settled || next < candidates.length || inFlight > 0) return;
        setTimeout(() => {
          if (settled) return;
          const answered = new Set(replies.map((reply) => reply.node));
          candidates = this.preferenceList(home).filter((link) => !answered.has(link.name));
          next = 0;
          for (let i = replies.length; i < r; i++) launch();
        }, RETRY_PAUSE_MS);
      };
      const launch = () => {
        const link = candidates[next++];
        if (!link) return nextRound();
        inFlight++;
        const budget = Math.max(1, Math.min(replicaTimeoutMs, deadline - Date.now()));
        link.request({ op: "get", key }, budget).then(
          (response) => {
            inFlight--;
            const stored = asStored(response);
            if (stored) {
              replies.push({ ...stored, node: link.name });
              if (replies.length >= r) finish();
              else nextRound();
            } else {
              errors.set(link.name, `${link.name}: ${errorOf(response)}`);
              if (!settled) launch();
            }
          },
          (err: Error) => {
            inFlight--;
            errors.set(link.name, err.message);
            if (!settled) launch();
          },
        );
      };
      for (let i = 0; i < r; i++) launch();
    });
  }

  /** Sends the versioned value to all N replicas; resolves with the first acker once W ack. */
  private writePhase(key: string, value: string, version: Version, deadline: number): Promise<string> {
    const { w } = this.config;
    return new Promise<string>((resolve, reject) => {
      const ackers: string[] = [];
      const errors: string[] = [];
      let settled = false;
      const timer = setTimeout(() => finish(new QuorumError(`write quorum W=${w} not reached in time (acks from ${ackers.join(", ") || "none"})`)), Math.max(0, deadline - Date.now()));
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(ackers[0] as string);
      };
      const budget = Math.max(1, deadline - Date.now());
      for (const link of this.links) {
        link.request({ op: "put", key, value, version }, budget).then(
          (response) => {
            if (response.ok) {
              ackers.push(link.name);
              if (ackers.length >= w) finish();
            } else errors.push(`${link.name}: ${errorOf(response)}`);
            if (errors.length > this.links.length - w) finish(new QuorumError(`write quorum W=${w} unreachable (${errors.join("; ")})`));
          },
          (err: Error) => {
            errors.push(err.message);
            if (errors.length > this.links.length - w) finish(new QuorumError(`write quorum W=${w} unreachable (${errors.join("; ")})`));
          },
        );
      }
    });
  }
}

function newest(replies: Reply[]): Reply {
  return replies.reduce((a, b) => (compareVersions(b.version, a.version) > 0 ? b : a));
}

function asStored(response: Response): Stored | null {
  return response.ok && "version" in response ? { value: response.value, version: response.version } : null;
}

function errorOf(response: Response): string {
  return response.ok ? "unexpected reply" : response.error;
}

function describe(replies: Reply[], errors: Map<string, string>): string {
  const got = `${replies.length} repl${replies.length === 1 ? "y" : "ies"}`;
  return errors.size > 0 ? `${got}; ${[...errors.values()].join("; ")}` : got;
}
