#!/usr/bin/env node
'use strict';
// `npm start`: (re)starts the four services on the local stack, feeds sample interactions and
// prints the alerts and next-best-actions the platform produced. Services keep running after.
const { randomUUID } = require('node:crypto');
const path = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { SERVICES, startAll, stopAll, stackEnv } = require('./services.js');

const root = path.resolve(__dirname, '..', '..');
const { TOPICS, topicName } = require(
  path.join(root, 'dist', 'libs', 'contracts', 'src', 'index.js'),
);

const INGESTION = 'http://127.0.0.1:3001';
const NBA = 'http://127.0.0.1:3004';
const DAY = 86_400_000;

function sampleInteractions(run) {
  const now = Date.now();
  const at = (msAgo) => new Date(now - msAgo).toISOString();
  const id = (label) => `demo-${run}-${label}`;
  const event = (customer, type, occurredAt, payload) => ({
    eventId: `evt-${randomUUID()}`,
    type,
    version: 1,
    occurredAt,
    customerId: id(customer),
    source: 'demo',
    payload,
  });
  return {
    customers: ['ana', 'ben', 'chloe'].map(id),
    events: [
      // Ana: two complaints in a month → repeated complainer → anti-attrition alert.
      event('ana', 'purchase.completed', at(40 * DAY), {
        amount: 420,
        currency: 'EUR',
        productId: 'fibre-1g',
      }),
      event('ana', 'complaint.filed', at(12 * DAY), {
        complaintId: 'c-1',
        category: 'network',
        severity: 'high',
      }),
      event('ana', 'call.completed', at(12 * DAY - 3600_000), {
        direction: 'inbound',
        durationSeconds: 640,
        outcome: 'unresolved',
        reason: 'outage, mentions competitor offer',
      }),
      event('ana', 'complaint.filed', at(3 * 3600_000), {
        complaintId: 'c-2',
        category: 'billing',
        severity: 'high',
      }),
      // Ben: a happy buyer → no alert, default action.
      event('ben', 'purchase.completed', at(20 * DAY), {
        amount: 89.9,
        currency: 'EUR',
        productId: 'mobile-s',
      }),
      event('ben', 'survey.answered', at(10 * DAY), { score: 9, scale: 'nps-0-10' }),
      // Chloe: one complaint, then it was resolved → not (yet) a pattern.
      event('chloe', 'complaint.filed', at(5 * DAY), {
        complaintId: 'c-3',
        category: 'service',
        severity: 'medium',
      }),
      event('chloe', 'complaint.resolved', at(4 * DAY), {
        complaintId: 'c-3',
        resolution: 'fixed',
      }),
    ],
  };
}

async function collectAlerts(brokers, prefix, customers, expected, timeoutMs) {
  const kafka = new Kafka({ clientId: 'cip-demo', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `cip-demo-${randomUUID()}` });
  const alerts = [];
  await consumer.connect();
  await consumer.subscribe({
    topic: topicName(prefix, TOPICS.attritionAlerts),
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const alert = JSON.parse(message.value.toString('utf8'));
      if (customers.includes(alert.customerId)) alerts.push(alert);
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (alerts.length < expected && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  await consumer.disconnect();
  return alerts;
}

async function main() {
  const env = { ...stackEnv(), ...process.env };
  const brokers = (env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
  const prefix = env.KAFKA_TOPIC_PREFIX || '';

  const restarted = await stopAll();
  if (restarted.length)
    console.log(`restarting services that were running: ${restarted.join(', ')}`);
  console.log('starting services…');
  await startAll();
  for (const { name, port } of SERVICES)
    console.log(`  ${name.padEnd(13)} http://127.0.0.1:${port}  (log: .run/logs/${name}.log)`);

  const run = randomUUID().slice(0, 6);
  const { customers, events } = sampleInteractions(run);
  console.log(`\nposting ${events.length} sample interactions to POST ${INGESTION}/v1/events`);
  for (const event of events) {
    const response = await fetch(`${INGESTION}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    const body = await response.text();
    console.log(`  ${response.status} ${event.type.padEnd(19)} ${event.customerId}`);
    if (response.status !== 202) throw new Error(`ingestion refused a sample event: ${body}`);
  }

  console.log('\nwaiting for attrition alerts…');
  const alerts = await collectAlerts(brokers, prefix, customers, 1, 30_000);
  if (alerts.length === 0)
    throw new Error('no attrition alert arrived within 30 s; see .run/logs/');
  for (const alert of alerts) {
    const p = alert.payload;
    console.log(
      `  ALERT ${p.severity.toUpperCase()} ${alert.customerId}: ${p.triggerId} — ${p.reason}`,
    );
    console.log(
      `        strategy: ${p.suggestedStrategy}${p.deadline ? `; act by ${p.deadline}` : ''}`,
    );
  }

  console.log('\nnext-best-action for each customer (what the agent sees on the call):');
  for (const customerId of customers) {
    let body;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      body = await (await fetch(`${NBA}/v1/customers/${customerId}/next-best-action`)).json();
      const expectsAlert = alerts.some((a) => a.customerId === customerId);
      if (!expectsAlert || body.reason) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(
      `  ${customerId}: ${body.action.name} [${body.action.kind}, ${body.action.channel}]`,
    );
    console.log(`      script: ${body.action.script}`);
    if (body.reason)
      console.log(`      because: alert ${body.reason.alertId} (${body.reason.severity})`);
  }
  console.log('\nThe platform keeps running. Try: curl http://127.0.0.1:3001/health/ready');
  console.log('Stop it with: npm stop');
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
