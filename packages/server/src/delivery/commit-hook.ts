import type { Store } from '@switchyard/control-plane';

/** Wraps a store so `onCommit` runs after every committed transaction (never inside one). */
export function withCommitHook(store: Store, onCommit: () => Promise<void>): Store {
  const transaction: Store['transaction'] = async (work) => {
    const result = await store.transaction(work);
    await onCommit();
    return result;
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'transaction') return transaction;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
