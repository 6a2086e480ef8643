export * from './core/errors';
export * from './pki';
export * from './policy';
