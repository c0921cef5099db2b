import { postgresSearch } from '../dialects/postgres/postgres-search.js';
import { sqliteSearch } from '../dialects/sqlite/sqlite-search.js';
import type { SearchAdapter } from './search-adapter.js';

export function adapterFor(engine: 'sqlite' | 'postgres'): SearchAdapter {
  return engine === 'sqlite' ? sqliteSearch : postgresSearch;
}
