/**
 * The quorum lab: a leaderless key-value store of five real replica processes behind fault
 * proxies, with a Dynamo-style coordinator. Students pick W and R (configure-wr), design
 * a fault schedule that produces a stale read (stale-read) and predict where W + R ≤ N
 * reads stale data (predict).
 */
import { defineLab } from "@/lib/labs/define";
import { configureWr, runConfigureWr } from "./tasks/configure-wr";
import { predict, runPredict } from "./tasks/predict";
import { runStaleRead, staleRead } from "./tasks/stale-read";

export default defineLab({
  id: "quorum",
  title: "Leaderless quorums: W + R > N",
  summary: "Five replica processes, a crash and a partition: choose read and write quorums that stay consistent and available, then break a weak configuration on purpose.",
  chapter: "consistency-models",
  tasks: [configureWr, staleRead, predict],
  async run(ctx, taskId, answer) {
    switch (taskId) {
      case "configure-wr":
        return runConfigureWr(ctx, answer);
      case "stale-read":
        return runStaleRead(ctx, answer);
      case "predict":
        return runPredict(ctx, answer);
      default:
        throw new Error(`quorum lab has no task "${taskId}"`);
    }
  },
});
