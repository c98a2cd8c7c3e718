/**
 * The change whose arrival the environment's frame shows: every save path (toggle, targeting,
 * one-step customer target, revert) hands its write's result to `useTrackArrival`.
 */
import { createContext, type ReactNode, useContext, useState } from 'react';

export interface TrackedChange {
  readonly env: string;
  readonly flag: string;
  /** The flag's version in the environment the write returned. */
  readonly version: number;
  /** When the dashboard got the write's answer, to stop waiting after a while. */
  readonly savedAt: number;
}

type Track = (change: Omit<TrackedChange, 'savedAt'>) => void;

const Tracked = createContext<TrackedChange | undefined>(undefined);
const SetTracked = createContext<Track>(() => {});

export function ArrivalProvider({ children }: { readonly children: ReactNode }) {
  const [tracked, setTracked] = useState<TrackedChange>();
  return (
    <SetTracked.Provider value={(change) => setTracked({ ...change, savedAt: Date.now() })}>
      <Tracked.Provider value={tracked}>{children}</Tracked.Provider>
    </SetTracked.Provider>
  );
}

export const useTrackArrival = (): Track => useContext(SetTracked);
export const useTrackedChange = (): TrackedChange | undefined => useContext(Tracked);
