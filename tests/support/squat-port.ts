import { createServer, type Server } from "node:net";

/**
 * Binds `port` on loopback as another process would while its owner is down (another run's
 * server, say). It accepts whoever still dials the port, and shrugs off their resets.
 */
export async function squatPort(port: number): Promise<Server> {
  const squatter = createServer((socket) => socket.on("error", () => undefined)).listen(port, "127.0.0.1");
  await new Promise((r) => squatter.once("listening", r));
  return squatter;
}
