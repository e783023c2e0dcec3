#!/usr/bin/env node
// The grader's command line: grade, check, classroom (see ../src/cli/main.ts).
import { runSource } from './run-source.mjs';

await runSource('cli/main.ts');
