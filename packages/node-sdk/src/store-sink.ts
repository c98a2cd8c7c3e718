/** The sink a client hands its data source: changes go to the store and, when one is set, to the persisted file. */
import type { DataSink } from './data-source.js';
import type { FlagStore } from './flag-store.js';
import type { PersistedData } from './persisted-data.js';

export function storeSink(
  store: FlagStore,
  persisted: PersistedData | undefined,
  status: DataSink['status'],
): DataSink {
  const save = persisted === undefined ? () => {} : () => persisted.schedule(() => store.data());
  return {
    init: (data) => {
      store.init(data);
      save();
    },
    upsert: (kind, key, item) => {
      if (store.upsert(kind, key, item)) save();
    },
    remove: (kind, key, version) => {
      if (store.remove(kind, key, version)) save();
    },
    status,
  };
}
