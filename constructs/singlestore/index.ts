export * from './engine-version';
export * from './sql';
export * from './user';
export * from './singlestore-tls';
