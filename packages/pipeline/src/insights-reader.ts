/**
 * What the admin API reads back from the insights that consumers fold in. Times are
 * epoch milliseconds; each count belongs to the UTC hour that starts at `hour`.
 */

/** One environment's insights. */
export interface InsightsScope {
  readonly projectKey: string;
  readonly environmentKey: string;
}

/** The hours whose start lies in [from, to). */
export interface HourWindow {
  readonly from: number;
  readonly to: number;
}

export interface VariationCount {
  /** The variation index, or null for evaluations the SDK could not attribute (flag not found, error). */
  readonly variation: number | null;
  readonly count: number;
}

export interface FlagEvaluationTotals {
  readonly flagKey: string;
  readonly total: number;
  /** Ordered by variation, unknown last. */
  readonly variations: readonly VariationCount[];
}

export interface HourlyEvaluations {
  readonly hour: number;
  readonly total: number;
  readonly variations: readonly VariationCount[];
}

/** One UTC day of a flag's evaluations, from the per-day rollup. */
export interface DailyEvaluations {
  /** The start of the UTC day. */
  readonly day: number;
  readonly total: number;
  readonly variations: readonly VariationCount[];
}

export interface CustomEventTotals {
  readonly eventKey: string;
  readonly count: number;
  readonly metricSum: number;
}

export interface HourlyCustomEvents {
  readonly hour: number;
  readonly events: readonly { readonly eventKey: string; readonly count: number }[];
}

export interface SeenContext {
  readonly kind: string;
  readonly key: string;
  readonly lastSeen: number;
}

/** One flag over whole UTC days (the per-day rollup): what the flag list's summary shows. */
export interface FlagDayTotals {
  readonly flagKey: string;
  readonly total: number;
  /** Start of the latest hour with evaluations. */
  readonly lastEvaluated: number;
  /** Ordered by variation, unknown last. */
  readonly variations: readonly VariationCount[];
}

/** One flag in one environment over whole UTC days. */
export interface EnvironmentDayTotals {
  readonly environmentKey: string;
  readonly total: number;
  /** Start of the latest hour with evaluations. */
  readonly lastEvaluated: number;
}

export interface InsightsReader {
  /** Per flag evaluated in the window, its total and counts by variation; most evaluated first. */
  flagTotals(scope: InsightsScope, window: HourWindow): Promise<FlagEvaluationTotals[]>;
  /** One flag's counts per hour, oldest first; hours without evaluations are left out. */
  flagSeries(scope: InsightsScope, flagKey: string, window: HourWindow): Promise<HourlyEvaluations[]>;
  /** One flag's counts per UTC day whose start lies in the window, oldest first; from the per-day rollup. */
  flagDaySeries(scope: InsightsScope, flagKey: string, days: HourWindow): Promise<DailyEvaluations[]>;
  /** Per flag evaluated on the days whose start lies in the window; from the per-day rollup. */
  flagDayTotals(scope: InsightsScope, days: HourWindow): Promise<FlagDayTotals[]>;
  /** One flag's totals per environment of the project that evaluated it on those days. */
  flagEnvironmentTotals(
    projectKey: string,
    flagKey: string,
    days: HourWindow,
  ): Promise<EnvironmentDayTotals[]>;
  /** Per custom event key tracked in the window; most tracked first. */
  customEventTotals(scope: InsightsScope, window: HourWindow): Promise<CustomEventTotals[]>;
  /** Custom event counts per hour and key, oldest hour first; hours without events are left out. */
  customEventSeries(scope: InsightsScope, window: HourWindow): Promise<HourlyCustomEvents[]>;
  /** Contexts seen most recently first, optionally of one kind. */
  recentContexts(
    scope: InsightsScope,
    options: { readonly kind?: string; readonly limit: number },
  ): Promise<SeenContext[]>;
  /**
   * The contexts that evaluated one flag, most recently first, where the events say so
   * exactly (feature events and single-context posts; docs/adr/0021). At most the
   * latest 100 are kept per flag and environment.
   */
  flagContexts(
    scope: InsightsScope,
    flagKey: string,
    options: { readonly limit: number },
  ): Promise<SeenContext[]>;
}
