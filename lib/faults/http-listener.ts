/**
 * The listening side of an HTTP fault proxy, switchable for a refusing outage: `refuse(true)`
 * stops listening (new connections are refused, open ones are cut, as when a server dies),
 * `refuse(false)` listens again on the same port. Switches run one at a time, in order.
 */
import { once } from "node:events";
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { sleepUnlessAborted } from "./toxic";

export interface SwitchableListener {
  readonly port: number;
  readonly listening: boolean;
  /** Resolves once this switch (and every earlier one) took effect. */
  refuse(refusing: boolean): Promise<void>;
  /** Resolves once every switch so far took effect. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Another process may take the port while it is closed (rare: it was ours until then); retry this long. */
const RELISTEN_TRIES = 40;
const RELISTEN_WAIT_MS = 50;

export async function listenSwitchable(server: Server, host: string, onError: (message: string) => void): Promise<SwitchableListener> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, host);
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const closing = new AbortController();
  let listening = true;
  let chain = Promise.resolve();

  async function stopListening(): Promise<void> {
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  async function listenAgain(): Promise<void> {
    for (let attempt = 1; !closing.signal.aborted; attempt++) {
      try {
        server.listen(port, host);
        await once(server, "listening");
        listening = true;
        return;
      } catch (err) {
        if (attempt >= RELISTEN_TRIES) {
          onError(`could not listen on port ${port} again after an outage: ${(err as Error).message}`);
          return;
        }
        await sleepUnlessAborted(RELISTEN_WAIT_MS, closing.signal);
      }
    }
  }

  return {
    port,
    get listening() {
      return listening;
    },
    refuse(refusing) {
      chain = chain.then(() => {
        if (refusing && listening) return stopListening();
        if (!refusing && !listening && !closing.signal.aborted) return listenAgain();
      });
      return chain;
    },
    settled: () => chain,
    async close() {
      closing.abort();
      await chain;
      if (!listening) return;
      listening = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
