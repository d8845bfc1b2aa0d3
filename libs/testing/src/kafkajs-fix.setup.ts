import { applyKafkajsPatches } from '@cip/kafka';

// Jest setupFiles entry (integration and e2e specs): the kafkajs clients the specs create
// themselves (producers, readers, admins) get the services' patches too, so their idle
// connections do not each spin a 1 ms timer beside the processes under test, and what they
// produce goes through the same encoder as the services' own records.
applyKafkajsPatches();
