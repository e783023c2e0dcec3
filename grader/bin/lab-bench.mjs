#!/usr/bin/env node
// A bounded load generator for the lessons' experiments (loopback only).
import { register } from 'tsx/esm/api';

register();
await import('../src/bench/main.ts');
