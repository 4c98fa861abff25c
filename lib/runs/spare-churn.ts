/**
 * Keeps spare run children warming all the time, as a busy worker does (a spare is taken and
 * the next one forked at every run start): `labs:verify --warming-spares N` uses it to show
 * whether warming spares disturb a timing-sensitive grade. One taken child stays idle for the
 * whole churn, so the pool counts a run as running and warms its spares at their lower priority.
 */
import { ChildPool } from "./child-pool";

export interface SpareChurn {
  /** Spares that finished warming and were replaced. */
  warmed(): number;
  stop(): void;
}

export function churnSpares(spares: number, spareNice?: number): SpareChurn {
  const pool = new ChildPool(undefined, { spares, spareNice });
  pool.warm();
  const holder = pool.take(); // "a run is running": spares get the lower priority
  let warmed = 0;
  const timer = setInterval(() => {
    // Replace each spare that has loaded with a new one, which starts warming at once.
    for (const _ of pool.sparePids({ warmedOnly: true })) {
      pool.take().child.kill("SIGKILL");
      warmed++;
    }
  }, 100);
  return {
    warmed: () => warmed,
    stop() {
      clearInterval(timer);
      pool.dispose();
      holder.child.kill("SIGKILL");
    },
  };
}
