/**
 * nest-tryton/testing: what a module's tests use. `describeModule(X)` checks its wiring; scenario
 * tests run against a real database (`createTestDatabase`) and the real HTTP application
 * (`createTestApp`, `useTestApp`) with keys made by `apiKey`.
 */
export { createTestApp, tdbUrl, useTestApp } from './app';
export type { TestApp, TestStack, TestStackOptions } from './app';
export { describeModule } from './conformance';
export { createTestDatabase } from './database';
export type { EnvOptions, TestDatabase } from './database';
export { apiKey, createApplicationKey, createUser } from './keys';
export { postgresPort, writesDuring } from './writes';
