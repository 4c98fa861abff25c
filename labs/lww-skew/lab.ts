/**
 * The lww-skew lab: three replicas settle conflicts by last write wins while n1's clock runs
 * ahead. Students predict which of two acknowledged writes survives, then write the store
 * every replica runs (their code, in each node's sandbox) so that no acknowledged write is
 * lost to the fast clock — graded by the lost-writes checker.
 */
import { defineLab } from "@/lib/labs/define";
import { implement, runImplement } from "./tasks/implement";
import { predict, runPredict } from "./tasks/predict";

export default defineLab({
  id: "lww-skew",
  title: "Last write wins under clock skew",
  summary: "One replica's clock runs two seconds ahead, and last-write-wins quietly throws away acknowledged writes: predict which survives, then stamp writes so none is lost.",
  chapter: "consistency-models",
  tasks: [predict, implement],
  async run(ctx, taskId, answer) {
    switch (taskId) {
      case "predict":
        return runPredict(ctx, answer);
      case "implement":
        return runImplement(ctx, answer);
      default:
        throw new Error(`lww-skew lab has no task "${taskId}"`);
    }
  },
});
