import { fixKafkajsIdleTimerLoop } from '@cip/kafka';

// Jest setupFiles entry: the kafkajs clients specs create themselves (producers, readers,
// admins) get the services' fix too, so a spec file's idle connections do not spin a 1 ms timer
// each beside the other worker's processes.
fixKafkajsIdleTimerLoop();
