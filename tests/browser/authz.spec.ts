/**
 * Every people/runs route, tried as anonymous, as two students, as the instructor of the
 * owner's cohort, as an instructor of another cohort and as an admin — on the real server
 * with real sessions. Ids are guessed too: a run that isn't yours looks exactly like a run
 * that doesn't exist.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { apiContext, createCohort, DEMO_ADMIN, promote, signIn, signUp, type Account } from "./support/accounts";

let anon: APIRequestContext;
let admin: APIRequestContext;
let owner: Account;
let classmate: Account;
let teacher: Account;
let otherTeacher: Account;
let cohort: { id: string; joinCode: string };
let otherCohort: { id: string; joinCode: string };
let runId: string;

test.beforeAll(async ({ baseURL }) => {
  anon = await apiContext(baseURL!);
  admin = await signIn(baseURL!, DEMO_ADMIN.email, DEMO_ADMIN.password);
  [owner, classmate, teacher, otherTeacher] = await Promise.all([signUp(baseURL!, "owner"), signUp(baseURL!, "classmate"), signUp(baseURL!, "teacher"), signUp(baseURL!, "otherteacher")]);
  await promote(admin, teacher.email, "instructor");
  await promote(admin, otherTeacher.email, "instructor");
  cohort = await createCohort(teacher.api, "Authz class");
  otherCohort = await createCohort(otherTeacher.api, "Other class");
  expect((await owner.api.post("/api/cohorts/join", { data: { code: cohort.joinCode } })).status()).toBe(200);
  expect((await classmate.api.post("/api/cohorts/join", { data: { code: otherCohort.joinCode } })).status()).toBe(200);
  const submitted = await owner.api.post("/api/runs", { data: { labId: "token-bucket", taskId: "configure", answer: { capacity: 10, refillPerSecond: 5, scope: "per-user" } } });
  expect(submitted.status(), await submitted.text()).toBe(201);
  runId = ((await submitted.json()) as { id: string }).id;
});

test("anonymous visitors can read but not act", async () => {
  expect((await anon.get("/chapters/consistency-models")).status()).toBe(200);
  expect((await anon.post("/api/runs", { data: { labId: "token-bucket", taskId: "configure", answer: {} } })).status()).toBe(401);
  expect((await anon.get(`/api/runs/${runId}`)).status()).toBe(404);
  expect((await anon.get(`/api/runs/${runId}/events`)).status()).toBe(404);
  expect((await anon.get("/api/progress")).status()).toBe(401);
  expect((await anon.post("/api/progress/chapters/consistency-models")).status()).toBe(401);
  expect((await anon.get("/api/cohorts")).status()).toBe(401);
  expect((await anon.post("/api/cohorts", { data: { name: "Mine" } })).status()).toBe(401);
  expect((await anon.post("/api/cohorts/join", { data: { code: cohort.joinCode } })).status()).toBe(401);
  expect((await anon.get(`/api/cohorts/${cohort.id}/gradebook`)).status()).toBe(401);
  expect((await anon.get(`/api/cohorts/${cohort.id}/gradebook.csv`)).status()).toBe(401);
  expect((await anon.get("/api/admin/users")).status()).toBe(401);
  expect((await anon.post("/api/admin/users", { data: { email: owner.email, role: "admin" } })).status()).toBe(401);
  const dashboard = await anon.get("/dashboard", { maxRedirects: 0 });
  expect(dashboard.status()).toBe(307);
  expect(dashboard.headers().location).toContain("/sign-in?next=%2Fdashboard");
});

test("a run is visible to its owner and the owner's instructor only; everyone else gets 404", async () => {
  const ownerView = await owner.api.get(`/api/runs/${runId}`);
  expect(ownerView.status()).toBe(200);
  expect(await ownerView.json()).toMatchObject({ id: runId, labId: "token-bucket", taskId: "configure" });
  expect((await teacher.api.get(`/api/runs/${runId}`)).status()).toBe(200);
  const notFoundBody = await (await owner.api.get(`/api/runs/${randomUUID()}`)).text();
  for (const stranger of [classmate.api, otherTeacher.api, admin, anon]) {
    const response = await stranger.get(`/api/runs/${runId}`);
    expect(response.status()).toBe(404);
    // Same answer as an id that does not exist: no hint that the run is there.
    expect(await response.text()).toBe(notFoundBody);
    expect((await stranger.get(`/api/runs/${runId}/events`)).status()).toBe(404);
  }
  const events = await owner.api.get(`/api/runs/${runId}/events?after=0`, { timeout: 60_000 });
  expect(events.status()).toBe(200);
  expect(events.headers()["content-type"]).toContain("text/event-stream");
});

test("guessed run ids are 404 for everyone", async () => {
  for (const who of [owner.api, teacher.api, admin, anon]) {
    for (const id of [randomUUID(), "1", "../../etc/passwd", "' OR 1=1 --"]) {
      expect((await who.get(`/api/runs/${encodeURIComponent(id)}`)).status()).toBe(404);
    }
  }
});

test("students submit runs as themselves and see only their own progress", async () => {
  const progress = await owner.api.get("/api/progress");
  expect(progress.status()).toBe(200);
  const body = (await progress.json()) as { recentRuns: Array<{ id: string }> };
  expect(body.recentRuns.map((r) => r.id)).toContain(runId);
  const theirs = (await (await classmate.api.get("/api/progress")).json()) as { recentRuns: Array<{ id: string }> };
  expect(theirs.recentRuns.map((r) => r.id)).not.toContain(runId);
  expect((await owner.api.post("/api/progress/chapters/consistency-models")).status()).toBe(200);
  expect((await owner.api.post("/api/progress/chapters/no-such-chapter")).status()).toBe(404);
});

test("cohorts: instructors create and see their own gradebook; students and other instructors cannot", async () => {
  expect((await owner.api.post("/api/cohorts", { data: { name: "Student's cohort" } })).status()).toBe(403);
  expect((await owner.api.get("/api/cohorts")).status()).toBe(403);
  expect((await owner.api.post("/api/cohorts/join", { data: { code: "ZZZZ9999" } })).status()).toBe(404);
  const book = await teacher.api.get(`/api/cohorts/${cohort.id}/gradebook`);
  expect(book.status()).toBe(200);
  expect(((await book.json()) as { students: Array<{ email: string }> }).students.map((s) => s.email)).toEqual([owner.email]);
  expect((await teacher.api.get(`/api/cohorts/${cohort.id}/gradebook.csv`)).headers()["content-type"]).toContain("text/csv");
  for (const stranger of [owner.api, classmate.api, otherTeacher.api, admin]) {
    expect((await stranger.get(`/api/cohorts/${cohort.id}/gradebook`)).status()).toBe(404);
    expect((await stranger.get(`/api/cohorts/${cohort.id}/gradebook.csv`)).status()).toBe(404);
  }
  expect((await teacher.api.get(`/api/cohorts/${randomUUID()}/gradebook`)).status()).toBe(404);
});

test("only admins list users and change roles", async () => {
  for (const notAdmin of [owner.api, teacher.api]) {
    expect((await notAdmin.get("/api/admin/users")).status()).toBe(403);
    expect((await notAdmin.post("/api/admin/users", { data: { email: owner.email, role: "admin" } })).status()).toBe(403);
  }
  expect((await admin.get("/api/admin/users")).status()).toBe(200);
  // A student cannot make themselves an instructor through the sign-up or update API either.
  const me = await owner.api.post("/api/auth/update-user", { data: { role: "admin" } });
  expect(me.status()).toBeGreaterThanOrEqual(400);
  const session = (await (await owner.api.get("/api/auth/get-session")).json()) as { user: { role: string } };
  expect(session.user.role).toBe("student");
});

test("sign-in is rate limited per account", async ({ baseURL }) => {
  const target = await signUp(baseURL!, "target");
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) {
    const attacker = await apiContext(baseURL!); // a new address each time: the account limit still holds
    statuses.push((await attacker.post("/api/auth/sign-in/email", { data: { email: target.email, password: "wrong-password" } })).status());
  }
  // Wrong passwords are refused as such until the account's bucket (5, incl. the sign-up) runs dry.
  const firstLimited = statuses.indexOf(429);
  expect(firstLimited, statuses.join(",")).toBeGreaterThanOrEqual(3);
  expect(statuses.slice(0, firstLimited).every((s) => s === 401), statuses.join(",")).toBe(true);
  expect(statuses.at(-1)).toBe(429);
});

test("sign out everywhere ends every session of the account", async ({ baseURL }) => {
  const laptop = owner.api;
  const phone = await signIn(baseURL!, owner.email, owner.password);
  expect((await phone.get("/api/progress")).status()).toBe(200);
  expect((await laptop.post("/api/auth/revoke-sessions", { data: {} })).status()).toBe(200);
  expect((await phone.get("/api/progress")).status()).toBe(401);
  expect((await laptop.get("/api/progress")).status()).toBe(401);
});
