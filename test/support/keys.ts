export * from '../../src/testing/keys';
