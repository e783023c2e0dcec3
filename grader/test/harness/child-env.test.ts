// What a spawned program's environment keeps of the grader's: a shell user's variables, and
// Stryker's active mutant when `npm run mutation` set one; nothing of the test runner.
import { afterEach, describe, expect, it } from 'vitest';
import { childEnv } from '../../src/harness/child-env.ts';

const MUTANT = '__STRYKER_ACTIVE_MUTANT__';

describe('childEnv', () => {
  afterEach(() => {
    delete process.env[MUTANT];
  });

  it("passes Stryker's active mutant on to the graded program", () => {
    process.env[MUTANT] = '17';
    expect(childEnv()[MUTANT]).toBe('17');
  });

  it('has no active mutant in an ordinary grade', () => {
    expect(MUTANT in childEnv()).toBe(false);
  });

  it("leaves out the grader's own settings, and adds the extra ones", () => {
    const env = childEnv({ PORT: '8080', GONE: undefined });
    expect(env.PORT).toBe('8080');
    expect('GONE' in env).toBe(false);
    expect('VITEST' in env).toBe(false);
    expect('NODE_OPTIONS' in env).toBe(false);
  });
});
