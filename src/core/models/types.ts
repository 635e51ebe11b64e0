/**
 * Partnership-model comparisons and recommendations: the values every surface renders (CLI, web,
 * Slack Block Kit, Teams Adaptive Cards). Citations reuse the answer's `Citation`, numbered once per
 * result; a cell refers to them by number.
 */
import type { ChannelName, Citation } from '../types.js';

/** A partnership model of the catalog (knowledge/catalog.json). */
export interface CatalogModel {
  /** Stable id, kebab-case: "joint-venture". */
  readonly id: string;
  /** Display name: "Joint venture". */
  readonly name: string;
  /** Other names and abbreviations matched case-insensitively ("JV"). */
  readonly aliases: readonly string[];
}

export type ComparisonDimensionId =
  | 'definition'
  | 'ai_uses'
  | 'benefits'
  | 'risks'
  | 'governance'
  | 'ip_and_data'
  | 'examples';

export interface ComparisonDimension {
  readonly id: ComparisonDimensionId;
  /** Row label: "What it is", "Typical AI uses", "Benefits", "Risks and considerations", ... */
  readonly label: string;
}

/** One cell of the table: grounded text with citations, or "not covered" with none. */
export interface ComparisonCell {
  /** Cell text, with no [n] markers (renderers add them from `citations`). */
  readonly text: string;
  /** False when the chapters say nothing on this model and dimension; `text` then says so. */
  readonly covered: boolean;
  /** Numbers into the result's `citations` (1-based). Empty exactly when `covered` is false. */
  readonly citations: readonly number[];
}

export interface ComparisonRow {
  readonly dimension: ComparisonDimension;
  /** One cell per compared model, in the order of `ComparisonResult.models`. */
  readonly cells: readonly ComparisonCell[];
}

export interface ComparisonResult {
  readonly models: readonly CatalogModel[];
  readonly rows: readonly ComparisonRow[];
  /** Every citation used by a cell, numbered from 1. */
  readonly citations: readonly Citation[];
  readonly notices: readonly string[];
  readonly timings_ms: { readonly total: number };
}

export interface ModelSummary {
  readonly model: CatalogModel;
  /** One-line definition from the chapters (or a "not covered" line with no citations). */
  readonly definition: string;
  readonly covered: boolean;
  readonly citations: readonly Citation[];
}

export interface ModelsResult {
  readonly models: readonly ModelSummary[];
}

export interface RecommendationReason {
  readonly text: string;
  /** Numbers into the result's `citations`. */
  readonly citations: readonly number[];
}

export interface Recommendation {
  readonly model: CatalogModel;
  /** Relative fit, 0..1, highest first. */
  readonly score: number;
  readonly reasons: readonly RecommendationReason[];
}

export interface RecommendResult {
  readonly situation: string;
  /** Top 3 (fewer when few fit), best first. */
  readonly recommendations: readonly Recommendation[];
  readonly citations: readonly Citation[];
  /** What information would sharpen the recommendation ("Do you need to keep exclusive IP?"). */
  readonly clarifyingQuestions: readonly string[];
  readonly notices: readonly string[];
}

/**
 * What channels call. Errors are AppErrors: UnknownModelError (with the unknown name and
 * suggestions), 'bad_input' (same model twice, fewer than 2 or more
 * than 4 models, empty situation), 'kb_empty', 'db_unavailable'.
 */
export interface PartnershipModels {
  list(): Promise<ModelsResult>;
  compare(names: readonly string[], options?: { channel?: ChannelName }): Promise<ComparisonResult>;
  /** `among`: only these models (names as typed) are ranked, when any of them fits; otherwise all. */
  recommend(
    situation: string,
    options?: { channel?: ChannelName; among?: readonly string[] | undefined },
  ): Promise<RecommendResult>;
}
