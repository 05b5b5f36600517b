/**
 * A steward's decision about a cluster, as stored in the `decisions` table (db/decision-table.ts) and
 * honoured by every later clustering (decisions-to-constraints.ts). Merchants are named by merchant_id,
 * never by a generation's row, so a decision outlives the generation it was made on.
 */

export const DECISION_KINDS = ['confirm', 'split', 'not_duplicate', 'canonical'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export interface ReviewDecision {
  decision_id: number;
  kind: DecisionKind;
  /**
   * confirm: the members confirmed as one business; split: the member taken out; not_duplicate: the two
   * merchants of the pair; canonical: the record chosen to keep.
   */
  merchant_ids: string[];
  /** The cluster as the steward saw it: its id and members (split keeps the member apart from these). */
  cluster_id: string | null;
  cluster_members: string[];
  generation: number | null;
  decided_by: string;
  decided_at: string;
  note: string | null;
}
