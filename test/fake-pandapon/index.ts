/** The fake PandaPon server used by the tests. See server.ts for the request pipeline. */

export * from './types';
export * from './server';
export * from './state';
export * from './codes';
export * from './callbacks';
export * from './cli';
export { createState, DEFAULT_SEED_SIZES, ids as fixtureIds } from './fixtures';
export { ENDPOINT_ROUTES } from './routes';
export type { RouteDefinition } from './router';
export { DEVELOP_ID, SUCCESS_MSG } from './envelope';
