export * from '../../src/testing/conformance';
