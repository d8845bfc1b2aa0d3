#!/usr/bin/env node
// Writes docs/asyncapi/schemas/*.json: the JSON Schemas (draft 2020-12) of lifecycle's public
// events, generated from the zod contracts in libs/contracts so the docs cannot drift from the code.
// `npm run contracts:schemas` builds first (this script reads the compiled contracts in dist/);
// export-json-schemas.spec.ts checks the committed files against the TypeScript sources.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const schemasDir = path.join(root, 'docs', 'asyncapi', 'schemas');

/** The public events marketing automation subscribes to: file, zod export, what it is. */
const PUBLIC_EVENTS = [
  {
    file: 'trigger-fired.v1.json',
    schema: 'triggerFiredV1Schema',
    title: 'trigger.fired v1',
    description:
      'A lifecycle trigger fired for a customer (every programme: acquisition, activation, service, anti-attrition). Topic `triggers`, keyed by customerId.',
  },
  {
    file: 'attrition-alert-raised.v1.json',
    schema: 'attritionAlertRaisedV1Schema',
    title: 'attrition.alert.raised v1',
    description:
      'A customer at risk of leaving: why, how urgent (severity from value x satisfaction), the value tier, the suggested strategy and the deadline to act. Topic `attrition-alerts`, keyed by customerId.',
  },
  {
    file: 'alert-status-changed.v1.json',
    schema: 'alertStatusChangedV1Schema',
    title: 'alert.status.changed v1',
    description:
      'An attrition alert moved along its workflow: acknowledged, actioned, resolved (with an outcome) or expired by its deadline. One event per transition; resolved and expired are final. Topic `alert-status`, keyed by customerId.',
  },
  {
    file: 'lifecycle-stage-changed.v1.json',
    schema: 'lifecycleStageChangedV1Schema',
    title: 'lifecycle.stage.changed v1',
    description:
      'A customer moved from one lifecycle stage to another (prospect, new, developing, established, at-risk, lapsed, won-back). Topic `lifecycle-stages`, keyed by customerId.',
  },
];

/**
 * Open content model: consumers must ignore fields they do not know, so optional fields can be
 * added within a version. zod's output schemas close objects; the published ones do not.
 */
function openObjects(node) {
  if (Array.isArray(node)) return node.map(openObjects);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = openObjects(value);
  }
  return out;
}

/** File name → JSON Schema object, from a loaded `@cip/contracts` module. Pure. */
function jsonSchemasOf(contracts) {
  const { z } = require('zod');
  const result = {};
  for (const event of PUBLIC_EVENTS) {
    const schema = contracts[event.schema];
    if (schema === undefined) throw new Error(`@cip/contracts exports no ${event.schema}`);
    const { $schema, ...body } = openObjects(z.toJSONSchema(schema, { target: 'draft-2020-12' }));
    result[event.file] = {
      $schema,
      $id: `https://cip.example/schemas/${event.file}`,
      title: event.title,
      description: event.description,
      ...body,
    };
  }
  return result;
}

async function render(schema) {
  const prettier = require('prettier');
  const options = (await prettier.resolveConfig(path.join(schemasDir, 'x.json'))) ?? {};
  return prettier.format(JSON.stringify(schema), { ...options, parser: 'json' });
}

async function main() {
  const compiled = path.join(root, 'dist', 'libs', 'contracts', 'src', 'index.js');
  if (!fs.existsSync(compiled)) throw new Error('dist/ is missing: run `npm run build` first');
  const schemas = jsonSchemasOf(require(compiled));
  fs.mkdirSync(schemasDir, { recursive: true });
  for (const [file, schema] of Object.entries(schemas)) {
    fs.writeFileSync(path.join(schemasDir, file), await render(schema));
  }
  console.log(`contracts: ${Object.keys(schemas).length} JSON Schemas -> docs/asyncapi/schemas/`);
}

module.exports = { PUBLIC_EVENTS, jsonSchemasOf, schemasDir };

if (require.main === module) {
  main().catch((error) => {
    console.error('export-json-schemas failed:', error);
    process.exit(1);
  });
}
