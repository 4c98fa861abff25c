"use client";
import { JsonForm } from "./JsonForm";

export function RoleForm({ email, role }: { email: string; role: string }) {
  return (
    <JsonForm action="/api/admin/users" submitLabel="Save" label={`Role of ${email}`} success={(b) => `${(b.user as { email: string }).email} is now ${(b.user as { role: string }).role}.`}>
      <input type="hidden" name="email" value={email} />
      <select name="role" defaultValue={role} aria-label={`Role of ${email}`}>
        <option value="student">student</option>
        <option value="instructor">instructor</option>
        <option value="admin">admin</option>
      </select>
    </JsonForm>
  );
}
