export * from './core/errors';
export * from './pki';
export * from './policy';
export * from './singlestore';
export * from './scylla';
export * from './scylla-cloud';
