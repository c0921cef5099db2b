import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

// The PostgreSQL settings beside DATABASE_URL (issue 11): a bad value stops the start with
// a message naming the variable, and none of them is accepted for a SQLite file.

const PRIMARY = 'postgres://app@db.internal:5432/masthead';
const env = (more: Record<string, string>) => ({ DATABASE_URL: PRIMARY, SECRET_KEY: 'k'.repeat(40), ...more });

describe('the database settings', () => {
  it('carries the pool size, the direct URL and the replica URL to the store', () => {
    expect(loadConfig(env({})).database).toEqual({ engine: expect.any(String), url: PRIMARY });
    const database = loadConfig(
      env({
        DATABASE_POOL_SIZE: '4',
        DATABASE_DIRECT_URL: 'postgres://app@db.internal:5433/masthead',
        DATABASE_REPLICA_URL: 'postgresql://reader@replica.internal/masthead',
      }),
    ).database;
    expect(database).toMatchObject({
      url: PRIMARY,
      poolSize: 4,
      directUrl: 'postgres://app@db.internal:5433/masthead',
      replicaUrl: 'postgresql://reader@replica.internal/masthead',
    });
  });

  it.each(['0', '201', '2.5', 'ten', '-3'])('refuses DATABASE_POOL_SIZE=%s', (value) => {
    expect(() => loadConfig(env({ DATABASE_POOL_SIZE: value }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ DATABASE_POOL_SIZE: value }))).toThrow('DATABASE_POOL_SIZE: must be a whole number from 1 to 200');
  });

  it('accepts the bounds of the pool size', () => {
    expect(loadConfig(env({ DATABASE_POOL_SIZE: '1' })).database).toMatchObject({ poolSize: 1 });
    expect(loadConfig(env({ DATABASE_POOL_SIZE: '200' })).database).toMatchObject({ poolSize: 200 });
  });

  it('refuses a direct or replica URL that is not PostgreSQL', () => {
    expect(() => loadConfig(env({ DATABASE_DIRECT_URL: 'file:./x.db' }))).toThrow(/DATABASE_DIRECT_URL must start with postgres:\/\//);
    expect(() => loadConfig(env({ DATABASE_REPLICA_URL: 'mysql://x/y' }))).toThrow(/DATABASE_REPLICA_URL must start with postgres:\/\//);
  });

  it('refuses the PostgreSQL settings for a SQLite file', () => {
    expect(() => loadConfig(env({ DATABASE_URL: 'file:./data/x.db', DATABASE_POOL_SIZE: '4' }))).toThrow(
      /DATABASE_POOL_SIZE: only for PostgreSQL, but DATABASE_URL names a SQLite file/,
    );
  });
});
