#!/usr/bin/env node
// Mutation testing of a chapter's reference solution against its hidden suite (course authors).
import { runSource } from './run-source.mjs';

await runSource('mutation/run.ts');
