#!/usr/bin/env node
// A bounded load generator for the lessons' experiments (loopback only).
import { runSource } from './run-source.mjs';

await runSource('bench/main.ts');
