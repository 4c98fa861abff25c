/**
 * The service behind its fault proxy, as a lab uses it: clients call `url` (the proxy), the
 * fault schedule gets `targets()` (one target, named like the service, with the HTTP faults,
 * drop-response and crash / restart / pause of the process), and `stop()` ends both.
 */
import type { FaultTargets } from "@/lib/faults/fault-kinds";
import { createHttpFaultProxy, type HttpFaultProxy } from "@/lib/faults/http-faults";
import { HttpService, type HttpServiceHandle, type HttpServiceOptions } from "./http-service";

export interface FlakyApi {
  service: HttpServiceHandle;
  faults: HttpFaultProxy;
  /** Through the fault proxy: what clients call. */
  url: string;
  targets(): FaultTargets;
  stop(): Promise<void>;
}

export async function startFlakyApi(options: HttpServiceOptions): Promise<FlakyApi> {
  const service = await HttpService.start(options);
  let faults: HttpFaultProxy;
  try {
    faults = await createHttpFaultProxy({ upstream: { port: service.port }, seed: options.seed, name: service.name, emit: options.emit, now: options.now });
    service.onMove((port) => faults.dropResponse.setUpstreamPort(port));
  } catch (err) {
    await service.stop();
    throw err;
  }
  return {
    service,
    faults,
    url: faults.url,
    targets: () => ({ [service.name]: { api: faults, http: faults.dropResponse, proc: service.slot } }),
    async stop() {
      await faults.close().catch(() => undefined);
      await service.stop();
    },
  };
}
