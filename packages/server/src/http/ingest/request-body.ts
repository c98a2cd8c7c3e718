/**
 * The body of an event post as Fastify's parser reads it: gunzipped when the SDK sent
 * `Content-Encoding: gzip`, with the bytes on the wire capped at `wireLimit` and the
 * decompressed bytes at `inflatedLimit` (a small gzip bomb cannot fill the heap). A
 * refused body is drained, not destroyed, so the client still reads the 413.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ApiError } from '../../errors.js';

export interface BodyLimits {
  readonly wireLimit: number;
  readonly inflatedLimit: number;
}

function tooLarge(what: string, limit: number): ApiError {
  return new ApiError('PAYLOAD_TOO_LARGE', `The ${what} is larger than ${limit} bytes; send smaller batches`);
}

class Counter extends Transform {
  private bytes = 0;
  constructor(
    private readonly limit: number,
    private readonly error: () => Error,
    private readonly onBytes?: (bytes: number) => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
    if (this.bytes > this.limit) done(this.error());
    else done(null, chunk);
  }
}

/** The stream Fastify should parse, or the raw payload when no decoding or counting is needed. */
export function eventBody(raw: IncomingMessage, payload: Readable, limits: BodyLimits): Readable {
  const declared = Number(raw.headers['content-length']);
  if (declared > limits.wireLimit) throw tooLarge('request body', limits.wireLimit);
  const encoding = (raw.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const gzip = encoding === 'gzip' || encoding === 'x-gzip';
  if (!gzip && encoding !== 'identity') {
    throw new ApiError(
      'INVALID_EVENTS',
      `Content-Encoding "${encoding}" is not supported; send gzip or none`,
      [{ path: '', message: 'unsupported content encoding' }],
    );
  }
  if (!gzip && !Number.isNaN(declared)) return payload;

  const output = new PassThrough() as PassThrough & { receivedEncodedLength?: number };
  let failed = false;
  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    payload.unpipe();
    payload.resume();
    output.destroy(error);
  };
  // Fastify checks Content-Length against the bytes on the wire, not the inflated ones.
  const wire = new Counter(
    limits.wireLimit,
    () => tooLarge('request body', limits.wireLimit),
    (bytes) => {
      output.receivedEncodedLength = bytes;
    },
  );
  wire.on('error', fail);
  payload.on('error', fail);
  let stream: Readable = payload.pipe(wire);
  if (gzip) {
    const gunzip = createGunzip();
    gunzip.on('error', () =>
      fail(
        new ApiError('INVALID_EVENTS', 'The body is not valid gzip', [
          { path: '', message: 'could not be decompressed' },
        ]),
      ),
    );
    const inflated = new Counter(limits.inflatedLimit, () =>
      tooLarge('decompressed request body', limits.inflatedLimit),
    );
    inflated.on('error', fail);
    stream = stream.pipe(gunzip).pipe(inflated);
  }
  stream.pipe(output);
  return output;
}
