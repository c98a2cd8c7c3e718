/** Sets one search parameter of the URL (empty removes it), keeping the others: filters that links share. */
import { useSearchParams } from 'react-router';

export function useSearchParam(): [URLSearchParams, (name: string, value: string) => void] {
  const [params, setParams] = useSearchParams();
  const setParam = (name: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === '') next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  return [params, setParam];
}
