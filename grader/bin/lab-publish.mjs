#!/usr/bin/env node
// Publishes the learner and solutions branches from a commit of the course.
import { runSource } from './run-source.mjs';

// It imports the published copy's own grader to fingerprint it: that TypeScript goes through tsx.
await runSource('cli/publish-main.ts', { otherTypeScript: true });
