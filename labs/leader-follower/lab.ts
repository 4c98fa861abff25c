/**
 * The leader-follower lab: a leader ships its replication log to two followers in
 * asynchronous, synchronous or semi-synchronous mode; the lab slows a follower, cuts the
 * leader off, kills it right after it acknowledges, and promotes the most up-to-date
 * follower. Students choose the mode for a durability and latency requirement, and predict
 * how many acknowledged writes a silently falling-back semi-sync leader loses.
 */
import { defineLab } from "@/lib/labs/define";
import { configureMode, runConfigureMode } from "./tasks/configure-mode";
import { predict, runPredict } from "./tasks/predict";

export default defineLab({
  id: "leader-follower",
  title: "Leader-follower replication",
  summary: "A leader crashes right after acknowledging and a follower is promoted: choose asynchronous, synchronous or semi-synchronous replication so no acknowledged write is lost and writes stay fast while a follower is slow.",
  chapter: "fault-tolerance",
  tasks: [configureMode, predict],
  async run(ctx, taskId, answer) {
    switch (taskId) {
      case "configure-mode":
        return runConfigureMode(ctx, answer);
      case "predict":
        return runPredict(ctx, answer);
      default:
        throw new Error(`leader-follower lab has no task "${taskId}"`);
    }
  },
});
