/**
 * The read-your-writes lab: a leader replicates to two followers that trail it, and reads go
 * through a load balancer. Students write the balancer's session logic so every session
 * reads its own writes and never goes back in time, with the followers doing their share
 * even when one crashes; and break the "leader for a while after a write" patch with lag.
 */
import { defineLab } from "@/lib/labs/define";
import { breakLag, runBreakLag } from "./tasks/break-lag";
import { runSessions, sessions } from "./tasks/sessions";

export default defineLab({
  id: "read-your-writes",
  title: "Read your writes",
  summary: "A leader and lagging followers behind a load balancer: carry a session token so every session reads its own writes and never goes back in time, even when its follower crashes.",
  chapter: "consistency-models",
  tasks: [sessions, breakLag],
  async run(ctx, taskId, answer) {
    switch (taskId) {
      case "sessions":
        return runSessions(ctx, answer);
      case "break-lag":
        return runBreakLag(ctx, answer);
      default:
        throw new Error(`read-your-writes lab has no task "${taskId}"`);
    }
  },
});
