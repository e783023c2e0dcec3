// Which chapter has which experiment.
import { chapter01 } from './ch01-single-server.ts';
import { chapter02 } from './ch02-reverse-proxy.ts';
import { chapter03 } from './ch03-load-balancing.ts';
import { chapter04, chapter05, chapter06 } from './ch04-06-scripts.ts';
import type { Scenario } from './types.ts';

export const SCENARIOS: Record<string, Scenario> = {
  '01': chapter01,
  '02': chapter02,
  '03': chapter03,
  '04': chapter04,
  '05': chapter05,
  '06': chapter06,
};
