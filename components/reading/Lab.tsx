import { FlaskConical } from "lucide-react";
import { findCatalogueLab } from "./lab-catalogue";
import { runnableLabIds } from "./lab-manifest";
import { LabRunnerLazy } from "@/components/labs/LabRunnerLazy";

/** `<Lab id="…" task="…" />` in a chapter: the live runner if the lab exists, else a "coming soon" card. */
export async function Lab({ id, task }: { id: string; task?: string }) {
  if ((await runnableLabIds()).has(id)) return <LabRunnerLazy labId={id} taskId={task} />;
  const lab = findCatalogueLab(id);
  return (
    <section className="lab-card" aria-label={`Lab coming soon: ${lab?.title ?? id}`}>
      <p className="lab-card-kicker">
        <FlaskConical aria-hidden="true" size={16} /> Lab · coming soon
      </p>
      <h3 className="lab-card-title">{lab?.title ?? id}</h3>
      {lab ? (
        <dl className="lab-card-facts">
          <dt>Real system</dt>
          <dd>{lab.system}</dd>
          <dt>Faults</dt>
          <dd>{lab.faults}</dd>
          <dt>Graded on</dt>
          <dd>{lab.gradedOn}</dd>
        </dl>
      ) : (
        <p>This lab is being built.</p>
      )}
      {task ? <p className="lab-card-task">Task: {task}</p> : null}
    </section>
  );
}
