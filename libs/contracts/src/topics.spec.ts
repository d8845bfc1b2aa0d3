import { allTopicNames, deadLetterTopicOf, TOPICS, topicName } from './topics';

describe('topics', () => {
  it('prefixes every topic and pairs it with a dead-letter topic', () => {
    const names = allTopicNames('t-1-');
    expect(names).toHaveLength(Object.keys(TOPICS).length * 2);
    expect(names).toContain('t-1-contact-events');
    expect(names).toContain('t-1-contact-events.dlt');
    expect(names.every((name) => name.startsWith('t-1-'))).toBe(true);
  });

  it('builds names from the base name', () => {
    expect(topicName('', TOPICS.attritionAlerts)).toBe('attrition-alerts');
    expect(deadLetterTopicOf('x.contact-events')).toBe('x.contact-events.dlt');
  });
});
