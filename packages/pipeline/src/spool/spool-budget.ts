/**
 * The spool's byte caps: bytes are reserved per account when an append is taken (so
 * appends waiting for the same commit cannot overshoot the caps together) and given
 * back when it fails or its row is deleted.
 */
import { ShedError } from '../ports.js';

export interface SpoolCaps {
  /** The most payload bytes the spool holds, all accounts together. */
  readonly maxBytes: number;
  /** The fraction of `maxBytes` one account may hold (0 < share ≤ 1). */
  readonly accountShare: number;
  readonly retryAfter: { readonly spoolFull: number; readonly accountShare: number };
}

export class SpoolBudget {
  private readonly accountCap: number;
  private readonly accountBytes = new Map<string, number>();
  private totalBytes = 0;

  constructor(private readonly caps: SpoolCaps) {
    if (!(caps.maxBytes > 0)) throw new RangeError('spool maxBytes must be positive');
    if (!(caps.accountShare > 0 && caps.accountShare <= 1))
      throw new RangeError('spool accountShare must be in (0, 1]');
    this.accountCap = Math.floor(caps.maxBytes * caps.accountShare);
  }

  /** Bytes reserved, all accounts together. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Reserves `bytes` for `account`, or says why not (the ShedError to reject with). */
  take(account: string, bytes: number): ShedError | undefined {
    const held = this.accountBytes.get(account) ?? 0;
    if (held + bytes > this.accountCap)
      return new ShedError('account-share', this.caps.retryAfter.accountShare);
    if (this.totalBytes + bytes > this.caps.maxBytes)
      return new ShedError('spool-full', this.caps.retryAfter.spoolFull);
    this.reserve(account, bytes);
    return undefined;
  }

  /** A full spool, to an SDK: retry later. */
  full(): ShedError {
    return new ShedError('spool-full', this.caps.retryAfter.spoolFull);
  }

  /** Adds `bytes` (negative: gives them back) to what `account` holds. */
  reserve(account: string, bytes: number): void {
    const next = (this.accountBytes.get(account) ?? 0) + bytes;
    if (next <= 0) this.accountBytes.delete(account);
    else this.accountBytes.set(account, next);
    this.totalBytes += bytes;
  }
}
