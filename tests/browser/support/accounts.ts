/** Real accounts for browser and API tests, made through /api/auth like a user would. */
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";

export const DEMO_ADMIN = { email: "instructor@faultline.local", password: "faultline-instructor" };

/** Each context gets its own client address, so tests never share an IP rate-limit bucket. */
export function fakeIp(): string {
  const b = randomUUID().replace(/-/g, "");
  return `10.${parseInt(b.slice(0, 2), 16)}.${parseInt(b.slice(2, 4), 16)}.${parseInt(b.slice(4, 6), 16)}`;
}

export interface Account {
  email: string;
  password: string;
  name: string;
  api: APIRequestContext;
}

export async function apiContext(baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": fakeIp(), origin: baseURL } });
}

export async function signUp(baseURL: string, label: string): Promise<Account> {
  const email = `${label}-${randomUUID().slice(0, 8)}@test.faultline.local`;
  const password = `pw-${randomUUID()}`;
  const name = `${label[0]!.toUpperCase()}${label.slice(1)} ${email.slice(label.length + 1, label.length + 5)}`;
  const api = await apiContext(baseURL);
  const response = await api.post("/api/auth/sign-up/email", { data: { email, password, name } });
  if (!response.ok()) throw new Error(`sign-up failed: ${response.status()} ${await response.text()}`);
  return { email, password, name, api };
}

export async function signIn(baseURL: string, email: string, password: string): Promise<APIRequestContext> {
  const api = await apiContext(baseURL);
  const response = await api.post("/api/auth/sign-in/email", { data: { email, password } });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
  return api;
}

export async function promote(admin: APIRequestContext, email: string, role: "instructor" | "admin" | "student"): Promise<void> {
  const response = await admin.post("/api/admin/users", { data: { email, role } });
  if (!response.ok()) throw new Error(`promote failed: ${response.status()} ${await response.text()}`);
}

export async function createCohort(instructor: APIRequestContext, name: string): Promise<{ id: string; joinCode: string }> {
  const response = await instructor.post("/api/cohorts", { data: { name } });
  if (response.status() !== 201) throw new Error(`create cohort failed: ${response.status()} ${await response.text()}`);
  return (await response.json()) as { id: string; joinCode: string };
}

/** Signs up a fresh student in the page's own browser context (the page then runs labs as them). */
export async function signUpInPage(page: Page, baseURL: string, label: string): Promise<void> {
  const response = await page.request.post("/api/auth/sign-up/email", {
    data: { email: `${label}-${randomUUID().slice(0, 8)}@test.faultline.local`, password: `pw-${randomUUID()}`, name: label },
    headers: { "x-forwarded-for": fakeIp(), origin: baseURL },
  });
  expect(response.status(), await response.text()).toBe(200);
}
