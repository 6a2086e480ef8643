export * from './waiver';
export * from './facts';
export * from './rules';
export * from './engine';
export * from './report';
