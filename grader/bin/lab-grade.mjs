#!/usr/bin/env node
// Runs the grader CLI from its TypeScript source: tsx registers the loader, no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
