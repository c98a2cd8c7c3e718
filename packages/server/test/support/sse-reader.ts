/** Reads a server-sent event stream in a test: its status, events as they come, comments, and its end. */
import http from 'node:http';

export interface SseEvent {
  readonly event: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read event data freely
  readonly data: any;
}

export interface SseStream {
  readonly status: number;
  readonly events: SseEvent[];
  /** Comment lines seen (heartbeats). */
  comments: number;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** The body of a refused (non-200) answer. */
  readonly body: string;
  close(): void;
}

export function openSse(url: string, path: string, headers: Record<string, string>): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}${path}`, {
      headers: { accept: 'text/event-stream', ...headers },
      agent: false,
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let buffer = '';
      let markEnded: () => void = () => {};
      const ended = new Promise<void>((done) => {
        markEnded = done;
      });
      const stream: SseStream = {
        status: response.statusCode ?? 0,
        events: [],
        comments: 0,
        ended,
        body: '',
        close: () => request.destroy(),
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) stream.comments++;
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) stream.events.push({ event, data: JSON.parse(data) });
        }
      });
      response.on('end', markEnded);
      response.on('close', markEnded);
      if (stream.status !== 200) {
        response.on('end', () => resolve({ ...stream, body: buffer }));
        return;
      }
      resolve(stream);
    });
  });
}
