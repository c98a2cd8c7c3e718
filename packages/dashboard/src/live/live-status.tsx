/** Says when live updates are lost (the change feed is reconnecting) and when they are back. */
import { useEffect, useRef, useState } from 'react';
import { useChangeFeed } from './change-feed';

export function LiveStatus({ project }: { readonly project: string }) {
  const state = useChangeFeed(project);
  const wasLost = useRef(false);
  const [recovered, setRecovered] = useState(false);
  useEffect(() => {
    if (state === 'reconnecting') {
      wasLost.current = true;
      setRecovered(false);
    } else if (state === 'live' && wasLost.current) {
      wasLost.current = false;
      setRecovered(true);
    }
  }, [state]);
  return (
    <p className={`live-status ${state === 'reconnecting' ? 'lost' : ''}`} role="status" aria-live="polite">
      {state === 'reconnecting'
        ? 'Live updates lost: cannot reach the server. Reconnecting…'
        : recovered
          ? 'Live updates are back; the page shows the latest changes.'
          : ''}
    </p>
  );
}
