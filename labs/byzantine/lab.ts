/**
 * The byzantine lab: a register on N replicas, one of them a traitor that forges, replays and
 * equivocates, while an honest one is slow. Students write the client's vote (f + 1 different
 * replicas must agree — not f + 1 replies) and choose N for one traitor (3f + 1).
 */
import { defineLab } from "@/lib/labs/define";
import { configureN, runConfigureN } from "./tasks/configure-n";
import { runVote, vote } from "./tasks/vote";

export default defineLab({
  id: "byzantine",
  title: "Byzantine replicas",
  summary: "One replica lies — forged values, replayed versions, different stories to different clients, every reply sent twice. Write the vote that never believes it, and choose how many replicas it takes.",
  chapter: "fault-tolerance",
  tasks: [vote, configureN],
  async run(ctx, taskId, answer) {
    switch (taskId) {
      case "vote":
        return runVote(ctx, answer);
      case "configure-n":
        return runConfigureN(ctx, answer);
      default:
        throw new Error(`byzantine lab has no task "${taskId}"`);
    }
  },
});
