/** The two databases the store runs on; the migrations spell a few column types per dialect. */
export type Dialect = 'sqlite' | 'postgres';
