/**
 * Prometheus counters of what ingest did with each batch. Counted into a Map and handed
 * to prom-client when scraped, so a request costs one Map update, not a label lookup.
 */
import { Counter, Histogram, type Registry } from 'prom-client';

/** `accepted`, `dropped`, `refused` or `invalid`, with the reason where there is one. */
export type IngestOutcome = 'accepted' | 'dropped' | 'refused' | 'invalid';

/**
 * Accounts that get a label of their own; the rest share `other`. A series per tenant
 * without a cap would grow the Prometheus database with every new customer; the usage
 * API (`/api/v1/accounts/{account}/usage`) stays exact for every account.
 */
const LABELLED_ACCOUNTS = 50;

export class IngestMetrics {
  private readonly batches = new Map<string, number>();
  private readonly events = new Map<string, number>();
  private readonly byAccount = new Map<string, number>();
  private readonly labelled = new Set<string>();
  private readonly durable: Histogram<'durability'>;

  constructor(registry: Registry) {
    this.durable = new Histogram({
      name: 'switchyard_ingest_durable_seconds',
      help: 'From handing a batch to the pipeline to its being durable (broker confirm or spool fsync)',
      labelNames: ['durability'] as const,
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 5],
      registers: [registry],
    });
    const pending = { batches: this.batches, events: this.events };
    const byAccount = this.byAccount;
    new Counter({
      name: 'switchyard_ingest_account_events_total',
      help: `Events by account, outcome and reason (the first ${LABELLED_ACCOUNTS} accounts seen by name, then "other")`,
      labelNames: ['account', 'outcome', 'reason'] as const,
      registers: [registry],
      collect() {
        for (const [labels, n] of byAccount) {
          const [account, outcome, reason] = labels.split(' ');
          this.inc({ account, outcome, reason }, n);
        }
        byAccount.clear();
      },
    });
    for (const [kind, help] of [
      ['batches', 'Event posts answered by ingest, by outcome and reason'],
      ['events', 'Events accepted or dropped by ingest (estimated when a body was refused unread)'],
    ] as const) {
      new Counter({
        name: `switchyard_ingest_${kind}_total`,
        help,
        labelNames: ['outcome', 'reason'] as const,
        registers: [registry],
        collect() {
          for (const [labels, n] of pending[kind]) {
            const [outcome, reason] = labels.split(' ');
            this.inc({ outcome, reason }, n);
          }
          pending[kind].clear();
        },
      });
    }
  }

  /** How long a batch waited for its durability, in milliseconds. */
  durableAfter(durability: string, ms: number): void {
    this.durable.observe({ durability }, ms / 1000);
  }

  count(outcome: IngestOutcome, reason: string, events: number, account?: string): void {
    const labels = `${outcome} ${reason}`;
    this.batches.set(labels, (this.batches.get(labels) ?? 0) + 1);
    if (events > 0) this.events.set(labels, (this.events.get(labels) ?? 0) + events);
    if (account !== undefined && events > 0) {
      if (this.labelled.size < LABELLED_ACCOUNTS) this.labelled.add(account);
      const key = `${this.labelled.has(account) ? account : 'other'} ${labels}`;
      this.byAccount.set(key, (this.byAccount.get(key) ?? 0) + events);
    }
  }
}
