import { TerraformVariable } from 'cdktf';
import * as fc from 'fast-check';
import { LabelSelectorOperator, NodeSelectorOperator, ScyllaRackProps, TaintEffect, TolerationOperator } from '../../constructs';
import { parseQuantity } from '../../constructs/scylla/quantity';
import { clusterError, minimalProps, RACK, synthCluster } from './fixtures';
import { newStack } from '../helpers/synth';

function withRacks(...racks: ScyllaRackProps[]) {
  return minimalProps({ datacenters: [{ name: 'dc1', racks }] });
}

describe('rack rendering', () => {
  test('explicit requests, storage class and several racks in order', () => {
    const { manifest } = synthCluster(withRacks(
      { ...RACK, name: 'a', cpuRequest: '2', memoryRequest: '12Gi', storageClassName: 'local-nvme' },
      { ...RACK, name: 'b', members: 1 },
    ));
    const [a, b] = manifest.spec.datacenter.racks;
    expect(a.resources).toEqual({ requests: { cpu: '2', memory: '12Gi' }, limits: { cpu: '4', memory: '16Gi' } });
    expect(a.storage).toEqual({ capacity: '100Gi', storageClassName: 'local-nvme' });
    expect(b).toMatchObject({ name: 'b', members: 1 });
  });

  test('placement: node affinity, pod anti-affinity and tolerations in the CRD shape', () => {
    const { manifest } = synthCluster(withRacks({
      ...RACK,
      placement: {
        nodeAffinity: {
          required: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: NodeSelectorOperator.IN, values: ['a'] }] }],
          preferred: [{ weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: NodeSelectorOperator.EXISTS }] } }],
        },
        podAntiAffinity: {
          preferred: [{
            weight: 100,
            podAffinityTerm: {
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'scylla' } },
            },
          }],
        },
        podAffinity: {
          required: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN, values: ['cache'] }] } }],
        },
        tolerations: [
          { key: 'scylla', operator: TolerationOperator.EQUAL, value: 'true', effect: TaintEffect.NO_SCHEDULE },
          { operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 300 },
        ],
      },
    }));
    expect(manifest.spec.datacenter.racks[0].placement).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a'] }] }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } }],
      },
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{
          topologyKey: 'topology.kubernetes.io/zone',
          labelSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['cache'] }] },
        }],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'scylla' } } },
        }],
      },
      tolerations: [
        { key: 'scylla', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
        { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
  });
});

describe('rack validation', () => {
  test.each([
    ['racks', withRacks(), []],
    ['racks[0].name', withRacks({ ...RACK, name: 'Rack_1' }), 'Rack_1'],
    ['racks[0].members', withRacks({ ...RACK, members: 0 }), 0],
    ['racks[0].members', withRacks({ ...RACK, members: 1.5 }), 1.5],
    ['racks[0].storageCapacity', withRacks({ ...RACK, storageCapacity: '0' }), '0'],
    ['racks[0].storageCapacity', withRacks({ ...RACK, storageCapacity: '100 GB' }), '100 GB'],
    ['racks[0].storageCapacity', withRacks({ ...RACK, storageCapacity: '-5Gi' }), '-5Gi'],
    ['racks[0].storageClassName', withRacks({ ...RACK, storageClassName: 'Fast SSD' }), 'Fast SSD'],
    ['racks[0].cpuLimit', withRacks({ ...RACK, cpuLimit: '0' }), '0'],
    ['racks[0].cpuLimit', withRacks({ ...RACK, cpuLimit: '' }), ''],
    ['racks[0].memoryLimit', withRacks({ ...RACK, memoryLimit: '0Gi' }), '0Gi'],
    ['racks[0].memoryLimit', withRacks({ ...RACK, memoryLimit: '16GB' }), '16GB'],
    ['racks[0].cpuRequest', withRacks({ ...RACK, cpuRequest: '8' }), '8'],
    ['racks[0].memoryRequest', withRacks({ ...RACK, memoryRequest: '17Gi' }), '17Gi'],
    ['racks[1].name', withRacks(RACK, { ...RACK }), 'r1'],
  ] as const)('rejects a bad %s', (field, props, value) => {
    const err = clusterError(props as any);
    expect(err).toMatchObject({ constructPath: 'test/Db/dc1', field, value });
    expect(err.message).toContain(`test/Db/dc1: \`${field}\``);
  });

  test('rejects a member count unknown at synth (the certificate names every member)', () => {
    const members = new TerraformVariable(newStack({ kubernetesProvider: true }), 'members', { type: 'number' }).numberValue;
    const err = clusterError(withRacks({ ...RACK, members }));
    expect(err.field).toBe('racks[0].members');
    expect(err.message).toContain('must be known at synth time');
  });

  test('explains duplicate rack names as the operator webhook does', () => {
    expect(clusterError(withRacks(RACK, RACK)).message).toContain('must be unique within the datacenter');
  });

  test('rejects racks whose StatefulSet name would exceed 52 characters', () => {
    const err = clusterError(withRacks({ ...RACK, name: 'r'.repeat(46) }));
    expect(err.field).toBe('racks[0].name');
    expect(err.message).toContain('within 52 characters');
    expect(synthCluster(withRacks({ ...RACK, name: 'r'.repeat(45) })).manifest.spec.datacenter.racks[0].name).toHaveLength(45);
  });

  test.each([
    ['placement.tolerations[0].operator', { tolerations: [{ value: 'x' }] }],
    ['placement.tolerations[0].value', { tolerations: [{ key: 'k', operator: TolerationOperator.EXISTS, value: 'x' }] }],
    ['placement.tolerations[0].tolerationSeconds', { tolerations: [{ key: 'k', tolerationSeconds: 5 }] }],
    ['placement.tolerations[0].effect', { tolerations: [{ key: 'k', effect: 'Sometimes' }] }],
    ['placement.nodeAffinity.required[0]', { nodeAffinity: { required: [{}] } }],
    ['placement.nodeAffinity.required[0].matchExpressions[0].values', { nodeAffinity: { required: [{ matchExpressions: [{ key: 'k', operator: NodeSelectorOperator.IN }] }] } }],
    ['placement.nodeAffinity.required[0].matchExpressions[0].values', { nodeAffinity: { required: [{ matchExpressions: [{ key: 'k', operator: NodeSelectorOperator.GT, values: ['x'] }] }] } }],
    ['placement.nodeAffinity.required[0].matchFields[0].values', { nodeAffinity: { required: [{ matchFields: [{ key: 'k', operator: NodeSelectorOperator.EXISTS, values: ['x'] }] }] } }],
    ['placement.nodeAffinity.preferred[0].weight', { nodeAffinity: { preferred: [{ weight: 101, preference: { matchExpressions: [{ key: 'k', operator: NodeSelectorOperator.EXISTS }] } }] } }],
    ['placement.podAntiAffinity.required[0].topologyKey', { podAntiAffinity: { required: [{ topologyKey: '' }] } }],
    ['placement.podAffinity.preferred[0].weight', { podAffinity: { preferred: [{ weight: 0, podAffinityTerm: { topologyKey: 'zone' } }] } }],
    ['placement.podAffinity.required[0].labelSelector.matchExpressions[0].operator', { podAffinity: { required: [{ topologyKey: 'zone', labelSelector: { matchExpressions: [{ key: 'k', operator: 'Gt', values: ['1'] }] } }] } }],
  ])('rejects a bad %s', (suffix, placement) => {
    const err = clusterError(withRacks({ ...RACK, placement: placement as any }));
    expect(err).toMatchObject({ constructPath: 'test/Db/dc1', field: `racks[0].${suffix}` });
  });
});

describe('parseQuantity', () => {
  test.each([
    ['4', 4], ['500m', 0.5], ['16Gi', 16 * 2 ** 30], ['1k', 1000], ['1e3', 1000], ['1.5M', 1.5e6], ['.5', 0.5], ['0', 0], ['+2Ki', 2048],
  ])('%s is %d', (q, value) => {
    expect(parseQuantity(q)).toBeCloseTo(value);
  });

  test.each(['', 'Gi', '16GB', '1 Gi', 'four', '1.2.3', '1e'])('%j is not a quantity', (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });

  test('a binary suffix scales any whole number by its power of 1024', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom('Ki', 'Mi', 'Gi'), (n, suffix) => {
      const factor = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[suffix];
      return parseQuantity(`${n}${suffix}`) === n * factor;
    }));
  });
});
