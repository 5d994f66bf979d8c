export * from '../../src/testing/app';
