import type { SimulatedCustomerTruth } from '../population/customer-traits';
import type { SimulationWindow } from '../simulation-window';

const iso = (at: number | undefined) => (at === undefined ? '' : new Date(at).toISOString());
const fixed = (value: number) => Number(value.toFixed(4));

/** One flat ground-truth record per customer: the labels for training and evaluation. */
export function groundTruthRow(truth: SimulatedCustomerTruth, window: SimulationWindow) {
  const { traits, churn } = truth;
  return {
    customerId: traits.customerId,
    valueTier: traits.valueTier,
    monthlyBill: traits.monthlyBill,
    satisfaction: fixed(traits.satisfaction),
    priceSensitivity: fixed(traits.priceSensitivity),
    serviceQuality: fixed(traits.serviceQuality),
    engagement: fixed(traits.engagement),
    churnPropensity: fixed(traits.churnPropensity),
    channelPreference: traits.channelPreference,
    region: traits.region,
    creditGrade: traits.creditGrade,
    kind: traits.kind,
    ageBand: traits.ageBand ?? '',
    gender: traits.gender ?? '',
    householdSize: traits.householdSize ?? '',
    industry: traits.industry ?? '',
    joinedAt: iso(traits.joinedAt),
    stageAtStart: traits.stageAtStart,
    contractTermMonths: traits.contractTermMonths ?? '',
    churnKind: churn?.kind ?? '',
    churnCause: churn?.cause ?? '',
    /** Quantity: when they left (no event after). Value: when spend settled lower. */
    churnAt: iso(churn?.at),
    precursorsFrom: iso(churn?.precursorsFrom),
    signalStrength: churn ? fixed(churn.signalStrength) : '',
    closure: churn?.closure ?? '',
    cancellationRequestedAt: iso(churn?.cancellationRequestedAt),
    /** False for churn dated after the window: its precursors are in the data, the leaving is not. */
    churnedInWindow: churn !== undefined && churn.at < window.end,
  };
}

export type GroundTruthRow = ReturnType<typeof groundTruthRow>;

/** CSV column order; the check below fails to compile when a field is added to the row only. */
export const GROUND_TRUTH_COLUMNS = [
  'customerId',
  'valueTier',
  'monthlyBill',
  'satisfaction',
  'priceSensitivity',
  'serviceQuality',
  'engagement',
  'churnPropensity',
  'channelPreference',
  'region',
  'creditGrade',
  'kind',
  'ageBand',
  'gender',
  'householdSize',
  'industry',
  'joinedAt',
  'stageAtStart',
  'contractTermMonths',
  'churnKind',
  'churnCause',
  'churnAt',
  'precursorsFrom',
  'signalStrength',
  'closure',
  'cancellationRequestedAt',
  'churnedInWindow',
] as const satisfies readonly (keyof GroundTruthRow)[];

type UnlistedColumn = Exclude<keyof GroundTruthRow, (typeof GROUND_TRUTH_COLUMNS)[number]>;
const everyColumnListed: [UnlistedColumn] extends [never] ? true : UnlistedColumn = true;
void everyColumnListed;

function csvCell(value: string | number | boolean): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function groundTruthCsvHeader(): string {
  return GROUND_TRUTH_COLUMNS.join(',');
}

export function groundTruthCsvLine(row: GroundTruthRow): string {
  return GROUND_TRUTH_COLUMNS.map((column) => csvCell(row[column])).join(',');
}
