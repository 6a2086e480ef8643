export * from './core/errors';
export * from './pki';
