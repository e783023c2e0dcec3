#!/usr/bin/env node
// Mutation testing of a chapter's reference solution against its hidden suite (course authors).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/mutation/main.ts');
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
