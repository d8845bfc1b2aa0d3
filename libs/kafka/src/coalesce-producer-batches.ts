import type { Message, ProducerBatch, TopicMessages } from 'kafkajs';

/**
 * Most bytes a coalesced request may carry. The broker refuses a record batch (one partition of a
 * request) over `message.max.bytes`, 1 MiB by default; staying under that for the whole request
 * means merging can never turn sends that were each acceptable into one that is not.
 */
export const MAX_COALESCED_BYTES = 512 * 1024;

/** Approximate wire size of a batch's messages: keys, values and headers. */
export function producerBatchBytes(batch: ProducerBatch): number {
  let bytes = 0;
  for (const { messages } of batch.topicMessages ?? []) {
    for (const message of messages) bytes += messageBytes(message);
  }
  return bytes;
}

/**
 * One request carrying every batch's messages, in order: per topic, the messages of earlier
 * batches come first, so each partition still receives them in the order they were sent. The
 * batches share acks, timeout and compression (one publisher builds them all), taken from the first.
 */
export function coalesceProducerBatches(batches: readonly ProducerBatch[]): ProducerBatch {
  const [first] = batches;
  if (!first) throw new Error('coalesceProducerBatches needs at least one batch');
  if (batches.length === 1) return first;
  const byTopic = new Map<string, Message[]>();
  for (const batch of batches) {
    for (const { topic, messages } of batch.topicMessages ?? []) {
      const merged = byTopic.get(topic);
      if (merged) merged.push(...messages);
      else byTopic.set(topic, [...messages]);
    }
  }
  const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({
    topic,
    messages,
  }));
  return { ...first, topicMessages };
}

function messageBytes(message: Message): number {
  let bytes = sizeOf(message.key) + sizeOf(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    bytes += name.length;
    if (Array.isArray(value)) for (const item of value) bytes += sizeOf(item);
    else bytes += sizeOf(value);
  }
  return bytes;
}

function sizeOf(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
