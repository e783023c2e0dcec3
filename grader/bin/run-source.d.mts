// Types for the grader's start-up module (run-source.mjs), for the tests that import it.
import type { Plugin, transform } from 'esbuild';

export function ownUrls(transformWith: typeof transform, dir?: string): Plugin;
export function runSource(entry: string, options?: { otherTypeScript?: boolean }): Promise<void>;
