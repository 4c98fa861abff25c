import { FlaskConical } from "lucide-react";
import { plannedLab, runnableLab } from "@/lib/catalogue";
import { forEmbed } from "@/lib/catalogue/runner-lab";
import { LabRunnerLazy } from "@/components/labs/LabRunnerLazy";

/**
 * `<Lab id="…" task="…" />` in a chapter: the live runner if the lab exists, else a "coming
 * soon" card. The runner gets its tasks as props (only the embedded one when `task` is set)
 * but not their statements, which it fetches when it opens (lib/catalogue/runner-lab).
 */
export async function Lab({ id, task }: { id: string; task?: string }) {
  const runnable = await runnableLab(id);
  if (runnable) {
    return <LabRunnerLazy lab={forEmbed(runnable, task)} taskId={task} />;
  }
  const planned = plannedLab(id);
  return (
    <section className="lab-card" aria-label={`Lab coming soon: ${planned?.title ?? id}`}>
      <p className="lab-card-kicker">
        <FlaskConical aria-hidden="true" size={16} /> Lab · coming soon
      </p>
      <h3 className="lab-card-title">{planned?.title ?? id}</h3>
      {planned ? (
        <dl className="lab-card-facts">
          <dt>Real system</dt>
          <dd>{planned.system}</dd>
          <dt>Faults</dt>
          <dd>{planned.faults}</dd>
          <dt>Graded on</dt>
          <dd>{planned.gradedOn}</dd>
        </dl>
      ) : (
        <p>This lab is being built.</p>
      )}
      {task ? <p className="lab-card-task">Task: {task}</p> : null}
    </section>
  );
}
