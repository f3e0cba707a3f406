/** What the classifier returns for one verbatim: the public contract ingest, the CLI and the API share. */
import type { ReasonCode } from '../taxonomy.ts';

export interface ScoredReason<Code extends string = ReasonCode> {
  reason: Code;
  /** Calibrated probability, 0..1. */
  score: number;
}

export interface ReasonClassification<Code extends string = ReasonCode> {
  reason: Code;
  /** Calibrated: of predictions made with confidence ≈ p, about p are right. */
  confidence: number;
  /** The three most likely reasons, best first (the first is `reason`). */
  alternatives: ScoredReason<Code>[];
  /** A second reason stated in its own clause ("too pricey and it keeps crashing"), else null. */
  secondaryReason: Code | null;
  /** Lexicon sentiment, -1 (negative) .. 1 (positive). */
  sentiment: number;
  /** The customer's words or phrases that weighed most for `reason`, strongest first. */
  evidence: string[];
  /** en, es, fr, de, pt, or "und" when the text has no words. */
  language: string;
  /** True when the confidence is below the model's calibrated review threshold. */
  needsReview: boolean;
}

export interface ReasonClassifier<Code extends string = ReasonCode> {
  /** Recorded with every stored classification (reason_classifications.model_version). */
  readonly version: string;
  /** The taxonomy's reason codes, in model order. */
  readonly reasons: readonly Code[];
  classify(text: string): ReasonClassification<Code>;
}
