/**
 * The project's live change feed (GET /projects/:p/changes, server-sent events): each
 * change someone commits invalidates the project's cached queries, so the pages on
 * screen refetch what they show. Read with fetch rather than EventSource because
 * EventSource cannot send the Authorization header a token sign-in needs; a network
 * loss is retried with backoff, and after a reconnect everything is refetched, since
 * changes made meanwhile were not seen.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { API_BASE } from '../api/api-client';
import { authHeaders } from '../auth/credentials';

export type FeedState = 'connecting' | 'live' | 'reconnecting';

const MAX_DELAY_MS = 10_000;

/** Calls `onEvent` with each event's name and data until the stream ends. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (name: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    const blocks = buffered.split('\n\n');
    buffered = blocks.pop() ?? '';
    for (const block of blocks) {
      const name = /^event: ?(.*)$/m.exec(block)?.[1];
      if (name !== undefined) onEvent(name);
    }
  }
}

export function useChangeFeed(project: string): FeedState {
  const client = useQueryClient();
  const [state, setState] = useState<FeedState>('connecting');
  useEffect(() => {
    const stop = new AbortController();
    const refresh = () => client.invalidateQueries({ queryKey: ['projects', project] });
    let failures = 0;
    let wait: ReturnType<typeof setTimeout> | undefined;
    const connect = async () => {
      try {
        const response = await fetch(`${API_BASE}/projects/${encodeURIComponent(project)}/changes`, {
          headers: { accept: 'text/event-stream', ...authHeaders('GET') },
          signal: stop.signal,
        });
        if (!response.ok || response.body === null) throw new Error(`change feed: ${response.status}`);
        setState('live');
        if (failures > 0) void refresh();
        failures = 0;
        await readEvents(response.body, (name) => {
          if (name === 'change') void refresh();
        });
      } catch {
        // Aborted on unmount, refused, or the network went: retry below unless stopped.
      }
      if (stop.signal.aborted) return;
      failures += 1;
      setState('reconnecting');
      wait = setTimeout(connect, Math.min(MAX_DELAY_MS, 500 * 2 ** Math.min(failures, 5)));
    };
    void connect();
    return () => {
      stop.abort();
      clearTimeout(wait);
    };
  }, [client, project]);
  return state;
}
