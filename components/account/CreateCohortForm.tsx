"use client";
import { JsonForm } from "./JsonForm";

export function CreateCohortForm() {
  return (
    <JsonForm action="/api/cohorts" submitLabel="Create cohort" label="Create a cohort" success={(b) => `Created ${String(b.name)}: join code ${String(b.joinCode)}`}>
      <label>
        Name <input name="name" required minLength={2} maxLength={80} placeholder="Distributed systems, spring" />
      </label>
    </JsonForm>
  );
}
