import type { MigrationInterface, QueryRunner } from 'typeorm';

interface SeedAction {
  actionId: string;
  name: string;
  kind: 'retention' | 'upsell' | 'service' | 'nurture';
  channel: string;
  script: string;
  appliesToTriggers: string[];
  priority: number;
}

const ACTIONS: SeedAction[] = [
  {
    actionId: 'retention-call-apology-credit',
    name: 'Apology call with service credit',
    kind: 'retention',
    channel: 'phone',
    script:
      "Hello, I'm calling from customer care. I can see you have had to contact us about problems " +
      "more than once recently, and I'm sorry: that is not the service you should get from us. " +
      'Before anything else, let us go through each open complaint together and agree what we will ' +
      'fix and by when. As an apology we are adding a service credit to your next bill. ' +
      'Is there anything else that is not working for you today?',
    appliesToTriggers: ['repeated-complaints'],
    priority: 100,
  },
  {
    actionId: 'retention-loyalty-offer',
    name: 'Loyalty offer call',
    kind: 'retention',
    channel: 'phone',
    script:
      "Hello, I'm calling from customer care to thank you for staying with us. First, is everything " +
      'working as it should now? [Resolve any open issue before going on.] We value you as a customer ' +
      'and can offer you a loyalty discount on your current plan. Would you like me to apply it?',
    appliesToTriggers: ['repeated-complaints'],
    priority: 80,
  },
  {
    actionId: 'service-follow-up',
    name: 'Service follow-up call',
    kind: 'service',
    channel: 'phone',
    script:
      "Hello, I'm calling from customer care to follow up on your recent request. Has the problem " +
      'been solved to your satisfaction? [If not, open a priority ticket and give the customer its ' +
      'reference and a date for the fix.]',
    appliesToTriggers: ['repeated-complaints'],
    priority: 60,
  },
  {
    actionId: 'nurture-newsletter',
    name: 'Monthly newsletter',
    kind: 'nurture',
    channel: 'email',
    script:
      'Monthly newsletter: tips to get the most out of your services, and what is new this month.',
    // No trigger: the default when the customer has no open alert.
    appliesToTriggers: [],
    priority: 10,
  },
];

export class NbaSeedActionCatalog1732550003100 implements MigrationInterface {
  name = 'NbaSeedActionCatalog1732550003100';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const a of ACTIONS) {
      await queryRunner.query(
        `INSERT INTO action_catalog
           (action_id, name, kind, channel, script, applies_to_triggers, priority, enabled)
         VALUES ($1, $2, $3, $4, $5, $6::text[], $7, true)
         ON CONFLICT (action_id) DO NOTHING`,
        [a.actionId, a.name, a.kind, a.channel, a.script, a.appliesToTriggers, a.priority],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM action_catalog WHERE action_id = ANY($1::text[])`, [
      ACTIONS.map((a) => a.actionId),
    ]);
  }
}
