/**
 * The crdt-counter lab: three replica processes gossip a counter over a network that
 * duplicates and reorders messages and cuts one replica off until the heal. Students write the
 * G-counter and then the PN-counter that every replica runs (their code, in each node's
 * sandbox), and predict what a plausible-looking "max of totals" merge does.
 */
import { defineLab } from "@/lib/labs/define";
import { gCounter, runGCounter } from "./tasks/g-counter";
import { pnCounter, runPnCounter } from "./tasks/pn-counter";
import { predict, runPredict } from "./tasks/predict";

export default defineLab({
  id: "crdt-counter",
  title: "A CRDT counter",
  summary: "Three replicas gossip a counter through duplicated and reordered messages and a partition: write the merge that counts every acknowledged add exactly once.",
  chapter: "consistency-models",
  tasks: [gCounter, pnCounter, predict],
  async run(ctx, taskId, answer) {
    switch (taskId) {
      case "g-counter":
        return runGCounter(ctx, answer);
      case "pn-counter":
        return runPnCounter(ctx, answer);
      case "predict":
        return runPredict(ctx, answer);
      default:
        throw new Error(`crdt-counter lab has no task "${taskId}"`);
    }
  },
});
