import { createSandbox } from "@/lib/sandbox";
const SIG = "state: any, now: number, cost: number, config: any";
const variants: Record<string, string> = {
  fill: `const hoard: number[][] = [];\nexport function allow(${SIG}) { for (;;) hoard.push(new Array(1e6).fill(7)); }`,
  push: `const hoard: number[] = [];\nexport function allow(${SIG}) { for (;;) hoard.push(7); }`,
  str: `const hoard: string[] = [];\nexport function allow(${SIG}) { for (;;) hoard.push("x".repeat(1e6) + hoard.length); }`,
};
for (const [name, code] of Object.entries(variants)) {
  const box = await createSandbox(code, { exports: ["allow"] });
  const t = Date.now(); const c = process.cpuUsage();
  try { box.call("allow", null, 0, 1, {}); } catch (e) { console.log(name, (e as Error).message.slice(0, 90)); }
  const u = process.cpuUsage(c);
  console.log(name, "wall", Date.now() - t, "ms cpu", Math.round((u.user + u.system) / 1000), "ms");
  box.dispose();
}
