import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

describe('configuration', () => {
  it('needs nothing to start on the embedded database', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 4000, DATA_DIR: './data', LOG_LEVEL: 'info', CORS_ORIGINS: [], SEED_DEMO: true });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names the bad variable in its message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'not-an-email' })).toThrow(/ADMIN_EMAIL/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
  });

  it('reads lists and treats empty values as unset', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', DATABASE_URL: '' });
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('refuses a published example admin password (docker-compose.yml once defaulted to change-me-please)', () => {
    for (const weak of ['change-me-please', 'Change-Me-Please', 'password1234', 'aaaaaaaaaaaaaaaa', '123456789012']) {
      expect(() => loadConfig({ ADMIN_PASSWORD: weak }), weak).toThrow(/ADMIN_PASSWORD: is a published example or default password/);
    }
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD: must be at least 12/);
    expect(loadConfig({ ADMIN_PASSWORD: 'a passphrase of my own' }).ADMIN_PASSWORD).toBe('a passphrase of my own');
  });

  it('serves GraphiQL in development only, unless told otherwise', () => {
    expect(loadConfig({}).GRAPHIQL).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).GRAPHIQL).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).GRAPHIQL).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'false' }).GRAPHIQL).toBe(false);
    expect(() => loadConfig({ GRAPHIQL: 'yes' })).toThrow(/GRAPHIQL/);
  });

  it('bounds the time a request body may take to arrive', () => {
    expect(loadConfig({}).BODY_TIMEOUT_MS).toBe(10_000);
    expect(loadConfig({ BODY_TIMEOUT_MS: '2000' }).BODY_TIMEOUT_MS).toBe(2_000);
    expect(() => loadConfig({ BODY_TIMEOUT_MS: '0' })).toThrow(/BODY_TIMEOUT_MS/);
  });
});
