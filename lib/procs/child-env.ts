/**
 * The environment a lab's processes and a run's child start with: only what a process needs
 * to run (PATH, locale, temp dir, Node options, Faultline's own non-secret settings), never
 * the parent's credentials. Lab code is ours, but it runs next to student code and fault
 * injection; a DATABASE_URL or the auth secret in its environment would be one bug away
 * from a student's eyes.
 */
type Env = Readonly<Record<string, string | undefined>>;

const PASSED = new Set(["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TMP", "TEMP", "TERM", "NODE_ENV", "NODE_OPTIONS", "NODE_PATH", "NODE_EXTRA_CA_CERTS", "LOG_LEVEL", "NEXT_TELEMETRY_DISABLED"]);
const PASSED_PREFIXES = ["LC_", "FAULTLINE_", "TSX_"];
/** Never passed, whatever the lists above say (e.g. a FAULTLINE_ variable holding a URL with a password). */
const SECRET = /SECRET|PASSWORD|TOKEN|CREDENTIAL|DATABASE_URL|^BETTER_AUTH_|^PG/i;

/** `source` filtered to what children may see, plus `extra` (whose `undefined` removes). */
export function childEnv(source: Env = process.env, extra: Env = {}): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || SECRET.test(name)) continue;
    if (PASSED.has(name) || PASSED_PREFIXES.some((p) => name.startsWith(p))) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env as NodeJS.ProcessEnv;
}
