export * from '../../src/testing/database';
