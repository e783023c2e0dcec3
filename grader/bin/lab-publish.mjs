#!/usr/bin/env node
// Publishes the learner and solutions branches from a commit of the course.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/publish-main.ts');
