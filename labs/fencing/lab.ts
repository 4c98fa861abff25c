/**
 * The fencing lab: a lock service with leases and fencing tokens, a storage, and two clients
 * — one of which is paused (a long GC pause) after checking its lease and wakes up after the
 * other took the lock. Students write the storage's fencing check and predict whether a
 * longer lease would have been enough (it is not).
 */
import { defineLab } from "@/lib/labs/define";
import { fence, runFence } from "./tasks/fence";
import { predict, runPredict } from "./tasks/predict";

export default defineLab({
  id: "fencing",
  title: "Leases and fencing tokens",
  summary: "A client pauses past its lease, another takes the lock, then the first wakes up and writes. Make the storage refuse it with fencing tokens — and see why a longer lease is no fix.",
  chapter: "fault-tolerance",
  tasks: [fence, predict],
  async run(ctx, taskId, answer) {
    switch (taskId) {
      case "fence":
        return runFence(ctx, answer);
      case "predict":
        return runPredict(ctx, answer);
      default:
        throw new Error(`fencing lab has no task "${taskId}"`);
    }
  },
});
