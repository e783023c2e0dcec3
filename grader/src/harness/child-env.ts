// The environment a spawned program starts with: only what a shell user would have, so
// nothing of the grader (vitest flags, NODE_OPTIONS, NODE_ENV=test) changes its behaviour.

const PASSED_THROUGH = [
  'PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SYSTEMROOT',
  // Set only by Stryker (`npm run mutation`): the mutant that the instrumented reference
  // solution switches on. The graded program reads it, so it must get it; unset in any grade.
  '__STRYKER_ACTIVE_MUTANT__',
];

export function childEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: '1' };
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value !== undefined) env[name] = value;
  }
  return env;
}
