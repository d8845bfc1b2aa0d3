import { fixKafkajsIdleTimerLoop } from './kafkajs-idle-timer.fix';
import { useFastKafkajsProduceEncoding } from './kafkajs-produce-encoding.fix';

/**
 * What we change in kafkajs 2.2.4 (its last release) at run time, in one call: no 1 ms timer per
 * idle connection, and Produce requests encoded in one pass. Idempotent; throws if kafkajs'
 * internals changed (see each fix). `createKafkaClient` applies it; processes that build their
 * own kafkajs clients (test setup, benchmark harnesses) call it first.
 */
export function applyKafkajsPatches(): void {
  fixKafkajsIdleTimerLoop();
  useFastKafkajsProduceEncoding();
}
