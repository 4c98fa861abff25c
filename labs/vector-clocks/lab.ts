/**
 * The vector-clocks lab: three replica processes keep a key as siblings stamped with version
 * vectors. Students write the comparison and the sibling merge every replica runs (their code,
 * composed with the lab's store in each node's sandbox), and predict what two blind writes on
 * either side of a partition leave behind.
 */
import { defineLab } from "@/lib/labs/define";
import { predict, runPredict } from "./tasks/predict";
import { runSiblings, siblings } from "./tasks/siblings";

export default defineLab({
  id: "vector-clocks",
  title: "Vector clocks and siblings",
  summary: "Replicas stamp writes with version vectors: write the comparison and the sibling merge that keep every concurrent write and drop only what a later write replaced.",
  chapter: "consistency-models",
  tasks: [siblings, predict],
  async run(ctx, taskId, answer) {
    switch (taskId) {
      case "siblings":
        return runSiblings(ctx, answer);
      case "predict":
        return runPredict(ctx, answer);
      default:
        throw new Error(`vector-clocks lab has no task "${taskId}"`);
    }
  },
});
