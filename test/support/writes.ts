export * from '../../src/testing/writes';
