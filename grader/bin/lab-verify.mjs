#!/usr/bin/env node
// Verifies one chapter of the course (run from the chapter's folder by its `test` script).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/verify-main.ts');
