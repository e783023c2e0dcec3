#!/usr/bin/env node
// Verifies one chapter of the course (run from the chapter's folder by its `test` script).
import { runSource } from './run-source.mjs';

await runSource('cli/verify-main.ts');
