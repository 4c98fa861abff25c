/**
 * The read-repair lab: three replicas with no gossip, left stale by partitions, catch up
 * only when reads repair them. Students write the repair decision every replica runs when
 * it coordinates a read (their code, composed with the lab's store in each node's sandbox),
 * and predict the chapter's seen-then-un-seen example with a blocking write-back.
 */
import { defineLab } from "@/lib/labs/define";
import { predict, runPredict } from "./tasks/predict";
import { repair, runRepair } from "./tasks/repair";

export default defineLab({
  id: "read-repair",
  title: "Read repair",
  summary: "Replicas left stale by a partition catch up only when reads repair them: decide which reply a read returns and where it writes back, so they converge and nothing older comes back.",
  chapter: "consistency-models",
  tasks: [repair, predict],
  async run(ctx, taskId, answer) {
    switch (taskId) {
      case "repair":
        return runRepair(ctx, answer);
      case "predict":
        return runPredict(ctx, answer);
      default:
        throw new Error(`read-repair lab has no task "${taskId}"`);
    }
  },
});
