import { ScyllaOperatorVersion } from '../../constructs';
import { schemaViolations, schemaViolationsAllOperators } from '../conformance/schema';
import { loadScyllaClusterCrd122 } from '../conformance/crd';
import { clusterError, minimalProps, synthCluster } from './fixtures';
import {  } from '../helpers/synth';

describe('operator 1.22: enableParallelNodeOperations', () => {
  test('not written by default, so the manifest suits every operator from 1.18 to 1.22', () => {
    const { manifest } = synthCluster(minimalProps());
    expect(manifest.spec).not.toHaveProperty('enableParallelNodeOperations');
    expect(schemaViolationsAllOperators(manifest)).toEqual([]);
  });

  test('written with operatorVersion 1.22 and ScyllaDB 2026.2; valid for the 1.22 CRD, unknown to 1.21', () => {
    const { manifest } = synthCluster(minimalProps({
      operatorVersion: ScyllaOperatorVersion.V1_22, version: '2026.2.0', enableParallelNodeOperations: true,
    }));
    expect(manifest.spec.enableParallelNodeOperations).toBe(true);
    expect(schemaViolations(manifest, loadScyllaClusterCrd122())).toEqual([]);
    expect(schemaViolations(manifest)).toEqual([expect.stringContaining('unknown field "enableParallelNodeOperations"')]);
  });

  test('false is written too (turning it off is a decision)', () => {
    const { manifest } = synthCluster(minimalProps({ operatorVersion: ScyllaOperatorVersion.V1_22, enableParallelNodeOperations: false }));
    expect(manifest.spec.enableParallelNodeOperations).toBe(false);
  });

  test('rejected for older operators, older ScyllaDB, and wrong types', () => {
    expect(clusterError(minimalProps({ enableParallelNodeOperations: true })).message)
      .toContain('`enableParallelNodeOperations` needs operatorVersion ScyllaOperatorVersion.V1_22 or later (got 1.21)');
    expect(clusterError(minimalProps({ operatorVersion: ScyllaOperatorVersion.V1_22, version: '2025.1.5', enableParallelNodeOperations: true })).message)
      .toContain('needs ScyllaDB 2026.2 or later (version is "2025.1.5")');
    expect(clusterError(minimalProps({ operatorVersion: ScyllaOperatorVersion.V1_22, enableParallelNodeOperations: 'yes' as any })).message)
      .toContain('`enableParallelNodeOperations` must be true or false');
    expect(clusterError(minimalProps({ operatorVersion: '1.17' as any })).message).toContain('`operatorVersion` must be one of ScyllaOperatorVersion.V1_18, ScyllaOperatorVersion.V1_19, ScyllaOperatorVersion.V1_20, ScyllaOperatorVersion.V1_21, ScyllaOperatorVersion.V1_22');
  });
});
