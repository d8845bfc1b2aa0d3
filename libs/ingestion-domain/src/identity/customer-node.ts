/** `merged`: absorbed by another customer (`mergedInto`); its id resolves to that survivor. */
export type CustomerStatus = 'prospect' | 'customer' | 'merged';

/** A customer as the identity graph knows it. */
export interface CustomerNode {
  id: string;
  /** `customer`: a source system knows this id; `prospect`: we minted it for unknown identifiers. */
  status: Exclude<CustomerStatus, 'merged'>;
  createdAt: Date;
}

/** What the graph holds under an id: a live customer, or one merged into a survivor. */
export type CustomerRecord =
  CustomerNode | { id: string; status: 'merged'; mergedInto: string; createdAt: Date };
